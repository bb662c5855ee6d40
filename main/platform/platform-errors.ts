import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import { retryAfterSeconds, serverWords } from '../http/http-errors';

interface FastApiIssue {
  loc?: unknown;
  msg?: unknown;
}

/** FastAPI's 422 list as field issues; `loc` starts with "body"/"query", which is dropped. */
function validationIssues(body: unknown): { path: string; message: string }[] {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return [];
  return detail.slice(0, 20).flatMap((raw: FastApiIssue) => {
    if (typeof raw !== 'object' || raw === null || typeof raw.msg !== 'string') return [];
    const loc = Array.isArray(raw.loc) ? raw.loc.map(String) : [];
    const path = (['body', 'query', 'path', 'header'].includes(loc[0] ?? '') ? loc.slice(1) : loc).join('.');
    return [{ path, message: raw.msg.slice(0, 300) }];
  });
}

function codeOf(body: unknown): string | null {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Turns a platform answer that is not a success into a typed error. `signingIn` changes what
 * a 401 means: wrong credentials rather than an ended session.
 */
export function platformError(answer: HttpAnswer, what: string, signingIn = false): OppError {
  const words = serverWords(answer.body);
  const said = words === null ? '' : ` The server said: "${words}"`;
  const code = codeOf(answer.body);
  switch (answer.status) {
    case 401:
      if (signingIn) return new OppError('AUTH_REQUIRED', 'The username or password is wrong.');
      if (code === 'refresh_reused') {
        return new OppError(
          'SESSION_EXPIRED',
          'The server ended this session because its refresh token was used twice (possibly by another copy of the console). Sign in again.',
          { reason: 'refresh_reused' },
        );
      }
      return new OppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.');
    case 403:
      return new OppError('FORBIDDEN', `Your role does not allow this on ${what}.${said}`);
    case 404:
      return new OppError('NOT_FOUND', `${what} has no such item (it may have been deleted).${said}`);
    case 405:
      return new OppError('UNSUPPORTED_BY_SERVER', `${what} does not offer this.`);
    case 409:
      return new OppError('CONFLICT', `${what} refused the change.${said}`);
    case 412:
      return new OppError(
        'VERSION_MISMATCH',
        'Someone else changed this first. Review their version before saving yours.',
      );
    case 422: {
      const issues = validationIssues(answer.body);
      const first = issues[0];
      return new OppError(
        'VALIDATION',
        `${what} did not accept the request.${first === undefined ? said : ` ${first.path}: ${first.message}`}`,
        { issues },
      );
    }
    case 423: {
      const lockedUntil = (answer.body as { locked_until?: unknown } | null)?.locked_until;
      return new OppError('FORBIDDEN', 'This account is locked after too many failed sign-ins.', {
        reason: 'account_locked',
        ...(typeof lockedUntil === 'string' && !Number.isNaN(Date.parse(lockedUntil)) ? { lockedUntil } : {}),
      });
    }
    case 429: {
      const wait = retryAfterSeconds(answer.headers['retry-after']);
      return new OppError(
        'RATE_LIMITED',
        wait === null
          ? `${what} is receiving too many requests. Wait a moment.`
          : `${what} asks to wait ${wait} s.`,
        wait === null ? undefined : { retryAfterSeconds: wait },
      );
    }
    default:
      if (answer.status >= 500) {
        return new OppError(
          'UPSTREAM',
          `${what} had a problem (HTTP ${answer.status}). Try again later.${said}`,
          {
            status: answer.status,
            retryable: true,
          },
        );
      }
      return new OppError(
        'UPSTREAM',
        `${what} answered HTTP ${answer.status}, which the console does not expect.${said}`,
        {
          status: answer.status,
        },
      );
  }
}

/** The error for a 2xx answer whose body fails its schema: the server is not what we expect. */
export function unreadableAnswer(what: string): OppError {
  return new OppError(
    'UPSTREAM',
    `${what} sent an answer the console cannot read. Is this an OPP V4 server?`,
  );
}
