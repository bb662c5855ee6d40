import { z } from 'zod';
import { auditEventSchema } from './audit';
import { environmentIdSchema } from './environment';

/** Permission names from the platform's database seed (platform-api.md §3). */
export const KNOWN_PERMISSIONS = [
  'read',
  'write',
  'admin',
  'delete',
  'manage_users',
  'manage_roles',
  'view_audit_logs',
  'edit_profile',
  'change_password',
] as const;

export const BUILT_IN_ROLES = ['admin', 'user', 'guest'] as const;

/**
 * The built-in roles' permissions as the platform's seed defines them (§3): what a legacy
 * server's role holds when no user shows it, and what the test doubles start from.
 */
export const SEED_ROLE_PERMISSIONS: Readonly<Record<(typeof BUILT_IN_ROLES)[number], readonly string[]>> = {
  admin: ['read', 'write', 'admin', 'delete', 'manage_users', 'manage_roles', 'view_audit_logs'],
  user: ['read', 'write', 'edit_profile', 'change_password'],
  guest: ['read'],
};

export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,49}$/, 'Start with a letter; use 2 to 50 lower-case letters, digits, _ and -.');

export const roleSchema = z.object({
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  built_in: z.boolean(),
  user_count: z.number().int(),
  updated_at: z.string().nullable(),
  version: z.number().int(),
});
export type Role = z.infer<typeof roleSchema>;

export const permissionSchema = z.object({ name: z.string(), description: z.string() });
export type Permission = z.infer<typeof permissionSchema>;

/**
 * The roles of an environment with every permission the server knows. Against a legacy server
 * (no roles API) main derives the three built-in roles from the users' `role` and `permissions`
 * fields (`source: 'derived'`); offline it answers its copy (`source: 'cache'`).
 */
export const rolesViewSchema = z.object({
  roles: z.array(roleSchema),
  permissions: z.array(permissionSchema),
  source: z.enum(['server', 'derived', 'cache']),
  asOf: z.string(),
  readOnly: z.boolean(),
  note: z.string().nullable(),
});
export type RolesView = z.infer<typeof rolesViewSchema>;

/** The reference platform's limit; the contract names none, so the console keeps to the smaller. */
export const ROLE_DESCRIPTION_MAX = 200;

const permissionList = z.array(z.string().min(1).max(64)).max(200);

export const roleCreateInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    name: roleNameSchema,
    description: z
      .string()
      .trim()
      .max(ROLE_DESCRIPTION_MAX, `Use at most ${ROLE_DESCRIPTION_MAX} characters.`),
    permissions: permissionList,
  })
  .strict();

/**
 * A role edit carries the version it was based on (If-Match), as user edits do. When someone
 * else changed the role first, main throws VERSION_MISMATCH with `details.current` (the Role now).
 */
export const roleUpdateInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    name: z.string().min(1).max(50),
    baseVersion: z.number().int().min(0),
    description: z
      .string()
      .trim()
      .max(ROLE_DESCRIPTION_MAX, `Use at most ${ROLE_DESCRIPTION_MAX} characters.`)
      .optional(),
    permissions: permissionList.optional(),
  })
  .strict();

export const roleNameInputSchema = z
  .object({ environmentId: environmentIdSchema, name: z.string().min(1).max(50) })
  .strict();

/**
 * The limits of the built-in roles (platform-api.md §3), in words for the role editor. The
 * server enforces them; the console explains them before the administrator tries.
 */
export const BUILT_IN_LIMITS = {
  deleteOrRename: 'Built-in roles (admin, user, guest) cannot be deleted or renamed.',
  adminKeeps: ['manage_roles', 'manage_users'] as const,
  adminKeepsWords: 'The admin role must keep manage_roles and manage_users.',
} as const;

/** What a permission change does: added and removed names, sorted. */
export function permissionDiff(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const will = new Set(after);
  return {
    added: [...will].filter((p) => !was.has(p)).sort(),
    removed: [...was].filter((p) => !will.has(p)).sort(),
  };
}

/** A role's history from the local audit copy: role_created/updated/deleted, newest first. */
export const roleHistorySchema = z.object({
  events: z.array(auditEventSchema),
  copiedUpTo: z.string().nullable(),
  note: z.string().nullable(),
});
export type RoleHistory = z.infer<typeof roleHistorySchema>;
