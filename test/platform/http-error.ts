/** One field problem in FastAPI's 422 shape. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * An error answer. The server's error handler turns it into `{"detail": ..., "code"?: ...}`
 * (or the legacy middleware's `{"error": ...}` when `legacyShape` is set).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: string | ValidationIssue[];
  readonly code: string | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly legacyShape: boolean;

  constructor(
    status: number,
    detail: string | ValidationIssue[],
    init: {
      code?: string;
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      legacyShape?: boolean;
    } = {},
  ) {
    super(typeof detail === 'string' ? detail : 'Validation failed');
    this.status = status;
    this.detail = detail;
    this.code = init.code;
    this.extra = init.extra ?? {};
    this.headers = init.headers ?? {};
    this.legacyShape = init.legacyShape ?? false;
  }

  body(): Record<string, unknown> {
    if (this.legacyShape) return { error: this.detail };
    return {
      detail: this.detail,
      ...(this.code === undefined ? {} : { code: this.code }),
      ...this.extra,
    };
  }
}

export function notFound(what: string): HttpError {
  return new HttpError(404, `${what} not found`, { code: 'not_found' });
}

export function conflict(detail: string, code = 'conflict'): HttpError {
  return new HttpError(409, detail, { code });
}

export function validationError(loc: (string | number)[], msg: string, type = 'value_error'): HttpError {
  return new HttpError(422, [{ loc, msg, type }]);
}
