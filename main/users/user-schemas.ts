import { z } from 'zod';
import type { Role } from '../../shared/domain/role';
import type { User } from '../../shared/domain/user';

/**
 * What the platform answers for users and roles (platform-api.md §2, §3, §7), checked at the
 * boundary: the server is untrusted, so every string and list is bounded, unknown fields are
 * dropped, and times are normalised to the console's form (a zoneless legacy time is UTC, §0).
 */

/** Ends in a zone: `Z`, `+02:00`, `-0500`. */
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds of an ISO 8601 time (zoneless: UTC); null when it is not one. */
export function isoMs(text: string): number | null {
  if (!ISO_DATE_TIME.test(text)) return null;
  // Date.parse reads milliseconds reliably, not the legacy platform's microseconds.
  let iso = text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  if (!ZONED.test(iso)) iso = `${iso}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

const isoTime = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = isoMs(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'not an ISO time' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const name = (max: number) => z.string().max(max);
const permissionNames = z.array(name(64)).max(200);

/** A user as either platform sends it; the legacy one lacks `version`, `updated_at`, `locked_until`. */
export const serverUserSchema = z.object({
  id: z.number().int().positive(),
  username: name(100),
  email: name(320),
  full_name: name(300).nullable(),
  role: name(50),
  permissions: permissionNames,
  is_active: z.boolean(),
  is_verified: z.boolean(),
  created_at: isoTime,
  updated_at: isoTime.nullable().optional(),
  last_login: isoTime.nullable(),
  failed_login_attempts: z.number().int().min(0),
  locked_until: isoTime.nullable().optional(),
  version: z.number().int().min(0).optional(),
}) satisfies z.ZodType<User, unknown>;

/** `GET /api/v1/users` (§2): a page, at most 500 users. */
export const userPageAnswerSchema = z.object({
  items: z.array(serverUserSchema).max(500),
  total: z.number().int().min(0),
});

/** `GET /api/v1/auth/users` (§7): newest first, no filters; pages of at most 100 asked. */
export const legacyUsersAnswerSchema = z.object({
  users: z.array(serverUserSchema).max(1000),
  total_users: z.number().int().min(0).optional(),
  active_users: z.number().int().min(0).optional(),
});

export const serverRoleSchema = z.object({
  name: name(50),
  description: name(1000),
  permissions: permissionNames,
  built_in: z.boolean(),
  user_count: z.number().int().min(0),
  updated_at: isoTime.nullable(),
  version: z.number().int().min(0),
}) satisfies z.ZodType<Role, unknown>;

export const rolesAnswerSchema = z.object({ items: z.array(serverRoleSchema).max(1000) });

export const permissionsAnswerSchema = z.object({
  items: z.array(z.object({ name: name(64), description: name(1000) })).max(500),
});
