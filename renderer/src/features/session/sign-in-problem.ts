import { isOppError } from '../../../../shared/errors';
import { fieldIssues } from '../../components/error-messages';

/** Why a sign-in failed, in the terms the form shows it. */
export type SignInProblem =
  | { kind: 'wrong_credentials' }
  | { kind: 'locked'; until: Date | null }
  | { kind: 'rate_limited'; retryAfterSeconds: number | null }
  | { kind: 'offline' }
  | { kind: 'tls'; detail: string }
  | { kind: 'fields'; username: string | null; password: string | null }
  | { kind: 'other'; error: unknown };

function validDate(iso: unknown): Date | null {
  if (typeof iso !== 'string') return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Reads main's sign-in error (see the codes in shared/errors.ts). */
export function signInProblem(error: unknown): SignInProblem {
  if (!isOppError(error)) return { kind: 'other', error };
  switch (error.code) {
    case 'AUTH_REQUIRED':
      return { kind: 'wrong_credentials' };
    case 'FORBIDDEN':
      return error.details?.['reason'] === 'account_locked'
        ? { kind: 'locked', until: validDate(error.details.lockedUntil) }
        : { kind: 'other', error };
    case 'RATE_LIMITED': {
      const seconds = error.details?.retryAfterSeconds;
      return {
        kind: 'rate_limited',
        retryAfterSeconds: typeof seconds === 'number' && seconds > 0 ? seconds : null,
      };
    }
    case 'OFFLINE':
      return { kind: 'offline' };
    case 'TLS_UNTRUSTED':
      return { kind: 'tls', detail: error.message };
    case 'VALIDATION': {
      const issues = fieldIssues(error);
      const username = issues['username'] ?? null;
      const password = issues['password'] ?? null;
      return username !== null || password !== null
        ? { kind: 'fields', username, password }
        : { kind: 'other', error };
    }
    default:
      return { kind: 'other', error };
  }
}
