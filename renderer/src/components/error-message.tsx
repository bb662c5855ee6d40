import type { ReactElement } from 'react';
import { describeError } from './error-messages';

/** An error shown in place: what to do, main's own words if they add something, and a retry. */
export function ErrorMessage({
  error,
  title,
  onRetry,
  write = false,
}: {
  error: unknown;
  /** What failed, e.g. "Settings could not be loaded." */
  title?: string;
  onRetry?: () => void;
  write?: boolean;
}): ReactElement {
  const { advice, detail } = describeError(error, { write });
  return (
    <div className="error-message" role="alert">
      {title !== undefined && <p className="error-message__title">{title}</p>}
      <p>{advice}</p>
      {detail !== null && <p className="error-message__detail">{detail}</p>}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
