import { z } from 'zod';
import { HttpError } from './http-error';
import type { ValidationIssue } from './http-error';

type Where = 'body' | 'query' | 'path';
type ZodIssue = z.ZodError['issues'][number];

/** Password policy of platform-api.md §1. */
export const PASSWORD_SPECIALS = '!@#$%^&*()_+-=[]{}|;:,.<>?';

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Password must be at least 12 characters long';
  if (!/[A-Z]/.test(password)) return 'Password must contain an upper case letter';
  if (!/[a-z]/.test(password)) return 'Password must contain a lower case letter';
  if (!/[0-9]/.test(password)) return 'Password must contain a digit';
  if (![...password].some((c) => PASSWORD_SPECIALS.includes(c))) {
    return `Password must contain one of ${PASSWORD_SPECIALS}`;
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Free text that ends up in audit details. RFC 8785 refuses lone surrogates, so they are refused
 * here, at the door, rather than failing later while the event is hashed.
 */
export const text = (max: number): z.ZodString =>
  z
    .string()
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), 'String contains a lone surrogate');

export const passwordField = z
  .string()
  .max(128)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const usernameField = z
  .string()
  .min(3, 'Username must be 3 to 50 characters')
  .max(50, 'Username must be 3 to 50 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Username may contain letters, digits, _, . and -');

export const emailField = z.email('Enter a valid email address').max(254);

export const roleNameField = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,49}$/, 'Role names are 2 to 50 characters: a-z first, then a-z, 0-9, _ or -');

/** Query parameters arrive as strings: these coerce them the way FastAPI would. */
export const queryInt = (fallback: number, min: number, max: number): z.ZodType<number> =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : Number(v)),
    z.number().int('Input should be a valid integer').min(min).max(max),
  );

export const queryBool = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : v),
  z.enum(['true', 'false', '1', '0']).optional(),
);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = input;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function issueType(issue: ZodIssue, input: unknown): { type: string; msg: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return { type: 'missing', msg: 'Field required' };
      return { type: `${issue.expected}_type`, msg: issue.message };
    case 'too_small':
      return {
        type: issue.origin === 'string' ? 'string_too_short' : 'greater_than_equal',
        msg: issue.message,
      };
    case 'too_big':
      return { type: issue.origin === 'string' ? 'string_too_long' : 'less_than_equal', msg: issue.message };
    case 'invalid_format':
      return { type: 'string_pattern_mismatch', msg: issue.message };
    case 'invalid_value':
      return { type: 'enum', msg: issue.message };
    default:
      return { type: 'value_error', msg: issue.message };
  }
}

/** zod's issues in FastAPI's `{"detail": [{loc, msg, type}]}` form. */
export function toFastApiIssues(
  issues: readonly ZodIssue[],
  where: Where,
  input: unknown,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          loc: [where, ...path, key],
          msg: 'Extra inputs are not permitted',
          type: 'extra_forbidden',
        });
      }
      continue;
    }
    out.push({ loc: [where, ...path], ...issueType(issue, input) });
  }
  return out;
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown, where: Where): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpError(422, toFastApiIssues(result.error.issues, where, input));
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseWith(schema, body, 'body');
}

/** Fastify leaves repeated parameters as arrays; like FastAPI's scalar params, the last one wins. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const flat: Record<string, unknown> = {};
  if (query !== null && typeof query === 'object') {
    for (const [key, value] of Object.entries(query)) {
      flat[key] = Array.isArray(value) ? value[value.length - 1] : value;
    }
  }
  return parseWith(schema, flat, 'query');
}

/** `If-Match: 3`, `"3"` or `W/"3"`; a missing header is the caller's 428. */
export function parseIfMatch(header: string | string[] | undefined): number | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (match?.[1] === undefined) {
    throw new HttpError(400, 'If-Match must carry the version number you last read, e.g. If-Match: 3', {
      code: 'bad_if_match',
    });
  }
  return Number(match[1]);
}

export function requireIfMatch(header: string | string[] | undefined, what: string): number {
  const version = parseIfMatch(header);
  if (version === null) {
    throw new HttpError(
      428,
      `Send If-Match with the ${what}'s version (from its last read) so a concurrent change is not overwritten`,
      { code: 'precondition_required' },
    );
  }
  return version;
}
