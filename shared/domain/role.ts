import { z } from 'zod';

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
