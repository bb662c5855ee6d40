import type { ReactElement, ReactNode } from 'react';
import { ErrorBoundary } from './error-boundary';

/** The last line: the shell itself crashed. Depends on no provider, since one of them may be the cause. */
export function RootErrorBoundary({ children }: { children: ReactNode }): ReactElement {
  return (
    <ErrorBoundary
      fallback={({ error, reset }) => (
        <main className="root-error" role="alert">
          <h1>OPP Console stopped working</h1>
          <p>An error in the console stopped the window. Try again, or reload the window.</p>
          {error instanceof Error && <p className="error-message__detail">{error.message}</p>}
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={reset}>
              Try again
            </button>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          </div>
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
