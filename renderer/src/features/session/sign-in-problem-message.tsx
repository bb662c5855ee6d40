import type { ReactElement, ReactNode } from 'react';
import { describeError } from '../../components/error-messages';
import { formatLocalTime, formatSeconds, formatTimeUntil } from '../../components/time-words';
import type { SignInProblem } from './sign-in-problem';

function Problem({ title, children }: { title: string; children?: ReactNode }): ReactElement {
  return (
    <div className="error-message" role="alert">
      <p className="error-message__title">{title}</p>
      {children}
    </div>
  );
}

/** A failed sign-in in plain words. `secondsLeft` is the running Retry-After countdown. */
export function SignInProblemMessage({
  problem,
  secondsLeft,
  now,
}: {
  problem: SignInProblem;
  secondsLeft: number;
  now: number;
}): ReactElement | null {
  switch (problem.kind) {
    case 'wrong_credentials':
      return (
        <Problem title="The username or password is wrong.">
          <p>Check both and try again. Repeated failures lock the account for a while.</p>
        </Problem>
      );
    case 'locked':
      return (
        <Problem title="This account is locked after too many failed sign-ins.">
          {problem.until === null ? (
            <p>Try again later, or ask another administrator to unlock it.</p>
          ) : (
            <p data-testid="locked-until">
              It unlocks at {formatLocalTime(problem.until, new Date(now))} (
              {formatTimeUntil(problem.until, new Date(now))}). Try again then, or ask another administrator
              to unlock it.
            </p>
          )}
        </Problem>
      );
    case 'rate_limited':
      return (
        <Problem title="Too many sign-in attempts.">
          {/* The countdown changes every second: announced once with the alert, not at each tick. */}
          <p aria-live="off" data-testid="retry-countdown">
            {problem.retryAfterSeconds === null
              ? 'Wait a moment, then try again.'
              : secondsLeft > 0
                ? `You can try again in ${formatSeconds(secondsLeft)}.`
                : 'You can try again now.'}
          </p>
        </Problem>
      );
    case 'offline':
      return (
        <Problem title="The server cannot be reached.">
          <p>Check your network connection and this environment’s API base URL, then try again.</p>
        </Problem>
      );
    case 'tls':
      return (
        <Problem title="The server’s certificate is not trusted.">
          <p>{problem.detail}</p>
        </Problem>
      );
    case 'fields':
      return null;
    case 'other': {
      const { advice, detail } = describeError(problem.error, { write: true });
      return (
        <Problem title="You were not signed in.">
          <p>{advice}</p>
          {detail !== null && <p className="error-message__detail">{detail}</p>}
        </Problem>
      );
    }
  }
}
