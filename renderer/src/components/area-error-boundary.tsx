import { QueryErrorResetBoundary } from '@tanstack/react-query';
import type { ReactElement, ReactNode } from 'react';
import { AreaHeading } from './area-heading';
import { ErrorBoundary } from './error-boundary';
import { describeError } from './error-messages';

/**
 * Keeps a crash inside one area: the area shows what happened and "Try again", while the
 * header, the navigation and the other areas keep working. "Try again" also resets failed
 * react-query queries so they fetch again.
 */
export function AreaErrorBoundary({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary
          onReset={reset}
          fallback={({ error, reset: tryAgain }) => {
            const { detail } = describeError(error);
            return (
              <div className="area">
                <AreaHeading>{label}</AreaHeading>
                <div className="error-message" role="alert">
                  <p className="error-message__title">
                    {label} stopped working because of an error in the console.
                  </p>
                  <p>
                    Try again. The rest of the console still works; if this keeps happening, send the log from
                    About.
                  </p>
                  {detail !== null && <p className="error-message__detail">{detail}</p>}
                  <button type="button" className="button button--primary" onClick={tryAgain}>
                    Try again
                  </button>
                </div>
              </div>
            );
          }}
        >
          {children}
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}
