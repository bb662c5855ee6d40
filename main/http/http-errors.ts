import { OppError, type ErrorDetails } from '../../shared/errors';

/** Node's codes for a certificate the console does not trust. */
const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate was issued by an authority the console does not know',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate was issued by an authority the console does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate was issued by an authority the console does not know',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet (check the clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another name',
  CERT_REVOKED: 'its certificate was revoked',
  CERT_UNTRUSTED: 'its certificate is not trusted',
  CERT_SIGNATURE_FAILURE: 'its certificate signature is invalid',
};
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
]);
const TIMEOUT = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_CANCELED_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const CUT = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED_BODY']);

interface CodedError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const coded = current as CodedError;
    if (typeof coded.code === 'string' && coded.code !== 'ERR_BAD_RESPONSE' && coded.code !== 'ERR_NETWORK') {
      return coded.code;
    }
    current = coded.cause;
  }
  const message = (error as CodedError | null)?.message;
  if (typeof message === 'string' && /aborted|socket hang up/i.test(message)) return 'ECONNRESET';
  return null;
}

/**
 * Turns a failure below HTTP (no answer at all) into a typed error that says what happened
 * and what to do. `what` names the server ("the platform API at https://...").
 */
export function transportError(error: unknown, what: string, timeoutMs: number): OppError {
  const code = errorCode(error);
  if (code !== null && code in TLS_CODES) {
    const details: ErrorDetails = { tlsCode: code };
    const message = (error as CodedError).message;
    // Node's text for a name mismatch lists the names the certificate is for: worth showing.
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && typeof message === 'string')
      details['certificateNames'] = message;
    return new OppError(
      'TLS_UNTRUSTED',
      `The console does not trust ${what}: ${TLS_CODES[code]}. If it uses a private certificate authority, add its CA file to the environment.`,
      details,
    );
  }
  if (code !== null && TIMEOUT.has(code)) {
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return new OppError('OFFLINE', `${capitalise(what)} did not answer within ${limit}.`, {
      timeout: true,
    });
  }
  if (code !== null && UNREACHABLE.has(code)) {
    return new OppError(
      'OFFLINE',
      `${capitalise(what)} cannot be reached (${code}). Check the address and your network.`,
      {
        networkCode: code,
      },
    );
  }
  if (code !== null && CUT.has(code)) {
    return new OppError(
      'UPSTREAM',
      `The connection to ${what} was cut before its answer was complete. Try again.`,
      {
        networkCode: code,
        retryable: true,
      },
    );
  }
  return new OppError(
    'OFFLINE',
    `${capitalise(what)} could not be reached.`,
    code === null ? undefined : { networkCode: code },
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A short, printable excerpt of what an untrusted server said, or null. */
export function serverWords(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const said = typeof record['detail'] === 'string' ? record['detail'] : record['error'];
  if (typeof said !== 'string') return null;
  // Control characters from an untrusted server could forge log lines or break the layout.
  // eslint-disable-next-line no-control-regex
  const clean = said.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean === '' ? null : clean.slice(0, 200);
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | null {
  if (header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(Math.ceil(seconds), 3600));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.min(Math.ceil((at - now) / 1000), 3600));
}
