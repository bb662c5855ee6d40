import { isOppError, type ErrorCode } from '../../../shared/errors';

/** What each error code means for the administrator and what to do about it. */
export const ERROR_ADVICE: Readonly<Record<ErrorCode, string>> = {
  AUTH_REQUIRED: 'You are not signed in to this environment. Sign in to continue.',
  SESSION_EXPIRED: 'Your session has ended. Sign in again to continue.',
  FORBIDDEN: 'Your role does not allow this. Ask an administrator with the right permission.',
  NOT_FOUND: 'This no longer exists on the server. Refresh the list: someone may have removed it.',
  CONFLICT: 'This clashes with something already on the server. Refresh, then try again.',
  VERSION_MISMATCH:
    'Someone else changed this in the meantime. Reload it, check the changes, then try again.',
  VALIDATION: 'Some values were not accepted. Correct the marked fields and try again.',
  RATE_LIMITED: 'The server is receiving too many requests. Wait a moment; the console will retry.',
  OFFLINE: 'The server cannot be reached. Check your network; the console will retry.',
  UPSTREAM:
    'The server answered with an error. The console will retry; if this goes on, check the server’s health.',
  UNSUPPORTED_BY_SERVER: 'This server’s version does not offer this. Upgrade the platform to use it.',
  TLS_UNTRUSTED:
    'The server’s certificate is not trusted. Add your organisation’s CA file to this environment’s settings.',
  KEYCHAIN_UNAVAILABLE:
    'The system keychain is not available, so sign-ins last only until the console closes. Start your desktop’s keyring service to stay signed in.',
  INTERNAL:
    'Something went wrong inside the console. Try again; if it keeps happening, open the log folder from About and send the latest log.',
};

/** Writes are never retried by the console (see query-client.ts), so their advice must not promise it. */
const WRITE_ADVICE: Partial<Readonly<Record<ErrorCode, string>>> = {
  RATE_LIMITED: 'The server is receiving too many requests. Wait a moment, then try again.',
  OFFLINE: 'The server cannot be reached. Check your network, then try again.',
  UPSTREAM: 'The server answered with an error. Try again; if this goes on, check the server’s health.',
};

export interface ErrorDescription {
  code: ErrorCode;
  /** What to do, in a plain sentence. */
  advice: string;
  /** Main's own message, when it says more than the advice (messages are written for administrators). */
  detail: string | null;
}

/** Turns anything thrown into plain sentences. `write` is for actions that change data. */
export function describeError(error: unknown, { write = false }: { write?: boolean } = {}): ErrorDescription {
  if (!isOppError(error)) {
    const detail = error instanceof Error && error.message !== '' ? error.message : null;
    return { code: 'INTERNAL', advice: ERROR_ADVICE.INTERNAL, detail };
  }
  const retryAfter = error.details?.retryAfterSeconds;
  const advice =
    error.code === 'RATE_LIMITED' && typeof retryAfter === 'number'
      ? `The server is receiving too many requests. Wait ${Math.ceil(retryAfter)} seconds, then try again.`
      : ((write ? WRITE_ADVICE[error.code] : undefined) ?? ERROR_ADVICE[error.code]);
  const detail = error.message !== '' && error.message !== advice ? error.message : null;
  return { code: error.code, advice, detail };
}

/**
 * Field problems from a VALIDATION error, by dotted field path (`details.issues` from main).
 * Empty for any other error.
 */
export function fieldIssues(error: unknown): Readonly<Record<string, string>> {
  if (!isOppError(error) || error.code !== 'VALIDATION') return {};
  const issues: Record<string, string> = {};
  for (const issue of error.details?.issues ?? []) issues[issue.path] ??= issue.message;
  return issues;
}
