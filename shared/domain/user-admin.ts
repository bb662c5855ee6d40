import { z } from 'zod';
import { auditEventSchema } from './audit';
import { environmentIdSchema } from './environment';
import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';
import { userSchema } from './user';

/**
 * User management as the renderer asks for it (platform-api.md §2, §7). Main answers every
 * list from the server where it can, from its own copy where it must (a legacy server, a
 * filter the server lacks, offline), and says which in `source`.
 */

/** The server's sorts (§2); a legacy list is sorted the same way by main. */
export const USER_SORTS = [
  'username',
  '-username',
  'created_at',
  '-created_at',
  'last_login',
  '-last_login',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const userFilterSchema = z
  .object({
    /** Matches username, email and full name (case-insensitive substring). */
    search: z.string().max(200).default(''),
    role: z.string().min(1).max(50).nullable().default(null),
    active: z.enum(['any', 'active', 'inactive']).default('any'),
    /** Only users whose lockout is still running. */
    lockedOnly: z.boolean().default(false),
    sort: z.enum(USER_SORTS).default('username'),
  })
  .strict();
export type UserFilter = z.output<typeof userFilterSchema>;
export type UserFilterInput = z.input<typeof userFilterSchema>;

export const userListInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    filter: userFilterSchema,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(500),
  })
  .strict();

/**
 * Where a list came from:
 * - `server`: the server filtered, sorted and paged it;
 * - `local`: main fetched the whole list and filtered it itself (a legacy server, or the
 *   locked-only filter, which the API lacks);
 * - `cache`: offline, the users main last fetched for this environment, as of `asOf`.
 */
export const USER_SOURCES = ['server', 'local', 'cache'] as const;

export const userPageSchema = z.object({
  items: z.array(userSchema),
  /** How many users match the filter. */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  source: z.enum(USER_SOURCES),
  /** When the data was fetched from the server (cache answers are older than now). */
  asOf: z.string(),
  /** True when no write can be made here (legacy server, offline, or no user_admin). */
  readOnly: z.boolean(),
  /** Why the list is read-only or local, in one sentence for the screen; null when neither. */
  note: z.string().nullable(),
});
export type UserPage = z.infer<typeof userPageSchema>;

const userIdInput = z
  .object({ environmentId: environmentIdSchema, id: z.number().int().positive() })
  .strict();
export const userIdInputSchema = userIdInput;

/** Usernames are 3–50 characters (§0); the console refuses spaces and control characters too. */
export const usernameSchema = z
  .string()
  .min(3, 'Use 3 to 50 characters.')
  .max(50, 'Use 3 to 50 characters.')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\s\u0000-\u001f\u007f]+$/, 'No spaces or control characters.');

export const emailSchema = z.email('Enter a valid email address.').max(254);
export const fullNameSchema = z.string().trim().max(100, 'Use at most 100 characters.').nullable();

export const passwordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const userCreateInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    username: usernameSchema,
    email: emailSchema,
    full_name: fullNameSchema,
    password: passwordSchema,
    role: z.string().min(1).max(50),
    is_active: z.boolean(),
  })
  .strict();

export const userChangesSchema = z
  .object({
    email: emailSchema.optional(),
    full_name: fullNameSchema.optional(),
    role: z.string().min(1).max(50).optional(),
    is_active: z.boolean().optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'Nothing to change.');
export type UserChanges = z.infer<typeof userChangesSchema>;

/**
 * An edit carries the version it was based on (If-Match). When someone else changed the user
 * first, main throws VERSION_MISMATCH with `details.current` (the server's User now), so the
 * screen can show both and let the administrator reapply or discard.
 */
export const userUpdateInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    id: z.number().int().positive(),
    baseVersion: z.number().int().min(0),
    changes: userChangesSchema,
  })
  .strict();

export const resetPasswordInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    id: z.number().int().positive(),
    newPassword: passwordSchema,
  })
  .strict();

/** One action over several users. `set_role` needs `role`. */
export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deactivate') }).strict(),
  z.object({ kind: z.literal('reactivate') }).strict(),
  z.object({ kind: z.literal('set_role'), role: z.string().min(1).max(50) }).strict(),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const bulkPreviewInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    action: bulkActionSchema,
    ids: z.array(z.number().int().positive()).min(1).max(500),
  })
  .strict();

/**
 * What the action would do to one user, read fresh from the server: `change` (from → to),
 * `no_change` (already so), or `refused` with the reason known beforehand (yourself, the last
 * active admin, a user that no longer exists).
 */
export const bulkPreviewItemSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  verdict: z.enum(['change', 'no_change', 'refused']),
  field: z.enum(['is_active', 'role']),
  /** For `is_active`: 'active' or 'inactive'; for `role`: a role name. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
  /** The version the preview read: the apply sends it as If-Match, so nothing changes blindly. */
  version: z.number().int().nullable(),
});
export type BulkPreviewItem = z.infer<typeof bulkPreviewItemSchema>;

export const bulkApplyInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    action: bulkActionSchema,
    targets: z
      .array(z.object({ id: z.number().int().positive(), version: z.number().int().min(0) }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const bulkResultItemSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  outcome: z.enum(['changed', 'failed']),
  /** Why it failed, for the administrator; null when changed. */
  reason: z.string().nullable(),
  /** The error code of a failure (VERSION_MISMATCH, CONFLICT, ...); null when changed. */
  code: z.string().nullable(),
  user: userSchema.nullable(),
});
export type BulkResultItem = z.infer<typeof bulkResultItemSchema>;

/** Audit events about one user, from the local audit copy. */
export const userActivitySchema = z.object({
  /** What the user did (events with their username), newest first. */
  byUser: z.array(auditEventSchema),
  /** What was done to the user (resource "user", its id), newest first. */
  onUser: z.array(auditEventSchema),
  /** Up to when the audit copy holds events; null when there is no copy yet. */
  copiedUpTo: z.string().nullable(),
  /** Why there is no activity to show (no audit permission, no copy yet); null otherwise. */
  note: z.string().nullable(),
});
export type UserActivity = z.infer<typeof userActivitySchema>;

export const userActivityInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    id: z.number().int().positive(),
    username: z.string().min(1).max(100),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** One user, fresh from the server, or from main's copy when offline (`source: 'cache'`). */
export const userDetailSchema = z.object({
  user: userSchema,
  source: z.enum(['server', 'cache']),
  asOf: z.string(),
});
export type UserDetail = z.infer<typeof userDetailSchema>;
