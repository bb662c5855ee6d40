/**
 * Redaction for everything that reaches a log line. Tokens and passwords must never be
 * written to disk, whatever shape they arrive in: a header object, an axios error that
 * carries its request config, a URL with credentials, or free text.
 */

const REDACTED = '[redacted]';

/** Field names whose values are secret wherever they appear. */
const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|authori[sz]ation|cookie|api[-_]?key|credential|private[-_]?key/i;

/** Three base64url segments, the first starting like a JSON object header: a JWT. */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** `Bearer xyz`, `Basic xyz` (as in an Authorization header written out as text). */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `password=...`, `"refresh_token": "..."`, `token: ...` inside free text. */
const SECRET_ASSIGNMENT =
  /((?:["']?)(?:[\w-]*(?:pass(?:word|wd)?|secret|token|api[-_]?key)[\w-]*)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi;
/** Credentials in a URL: `https://user:pass@host`. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

export function redactText(text: string): string {
  return text
    .replace(JWT, '[redacted-jwt]')
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, (_m, key: string) => `${key}${REDACTED}`)
    .replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
}

const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` that is safe to log. Objects are copied (never mutated: the
 * caller may still need the real values), secret-named fields are replaced, strings are
 * scrubbed, errors keep their name, message and stack (scrubbed), cycles are cut.
 */
export function redactForLog(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);

  if (value instanceof Error) {
    const copy: Record<string, unknown> = {
      name: value.name,
      message: redactText(value.message),
    };
    if (value.stack !== undefined) copy['stack'] = redactText(value.stack);
    for (const [key, inner] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) ? REDACTED : redactForLog(inner, depth + 1, seen);
    }
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1, seen));
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;

  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] =
      SECRET_KEY.test(key) && inner !== null && inner !== undefined
        ? REDACTED
        : redactForLog(inner, depth + 1, seen);
  }
  return copy;
}
