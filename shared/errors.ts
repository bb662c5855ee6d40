/**
 * The stable error codes every process agrees on. The renderer branches on these, never on
 * message text, so a message can be reworded without breaking a screen.
 */
export const ERROR_CODES = [
  'AUTH_REQUIRED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_MISMATCH',
  'VALIDATION',
  'RATE_LIMITED',
  'OFFLINE',
  'UPSTREAM',
  'UNSUPPORTED_BY_SERVER',
  'TLS_UNTRUSTED',
  'KEYCHAIN_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Extra facts that travel with an error: field problems, a retry delay, an unlock time. */
export interface ErrorDetails {
  /** Field-level problems, e.g. from input validation: `path` is the dotted field path. */
  issues?: { path: string; message: string }[];
  /** Seconds to wait before trying again (from `Retry-After`). */
  retryAfterSeconds?: number;
  /** ISO time at which a locked account unlocks. */
  lockedUntil?: string;
  [key: string]: unknown;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

/**
 * An error with a stable code. Main throws it from services; the renderer gets it back from
 * `unwrapEnvelope`. Its message is written for the administrator: what happened and what to do.
 */
export class OppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'OppError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isOppError(value: unknown): value is OppError {
  return value instanceof OppError;
}
