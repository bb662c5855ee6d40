import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';

/** Network failures: the cases in which the health screens answer from the offline cache. */
export function isOfflineError(error: unknown): error is OppError {
  return (
    error instanceof OppError &&
    (error.code === 'OFFLINE' || error.code === 'UPSTREAM' || error.code === 'TLS_UNTRUSTED') &&
    error.details?.['cancelled'] !== true
  );
}

/** True for the error HttpClient throws when its request's signal was aborted. */
export function isCancelled(error: unknown): boolean {
  return error instanceof OppError && error.details?.['cancelled'] === true;
}

// Control characters from an untrusted server could forge log lines or break the layout.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Printable words from an untrusted server: no control characters, bounded. */
export function cleanWords(text: string, max = 300): string {
  return text.replace(CONTROL, ' ').trim().slice(0, max);
}

/**
 * A monitoring server's answer that is neither a success nor its own error format: usually the
 * gateway in front of it (credentials, a wrong path prefix, the server behind it down).
 */
export function monitoringError(answer: HttpAnswer, what: string): OppError {
  const said = typeof answer.body === 'string' ? ` It said: "${cleanWords(answer.body, 200)}"` : '';
  switch (answer.status) {
    case 401:
    case 403:
      return new OppError(
        'FORBIDDEN',
        `${what} refused the console's credentials (HTTP ${answer.status}). Check the monitoring credentials of this environment.`,
        { status: answer.status },
      );
    case 404:
      return new OppError(
        'UNSUPPORTED_BY_SERVER',
        `${what} has no such API (HTTP 404). Check its address, including any path prefix.`,
        { status: answer.status },
      );
    default:
      return new OppError(
        'UPSTREAM',
        answer.status >= 500
          ? `${what} had a problem (HTTP ${answer.status}).${said}`
          : `${what} answered HTTP ${answer.status}, which the console does not expect.${said}`,
        { status: answer.status, retryable: answer.status >= 500 },
      );
  }
}

export function unreadableMonitoringAnswer(what: string): OppError {
  return new OppError('UPSTREAM', `${what} sent an answer the console cannot read.`);
}
