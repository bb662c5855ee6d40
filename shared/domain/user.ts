import { z } from 'zod';

/** A platform user (platform-api.md §2). Legacy servers omit the last three fields. */
export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  role: z.string(),
  permissions: z.array(z.string()),
  is_active: z.boolean(),
  is_verified: z.boolean(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  last_login: z.string().nullable(),
  failed_login_attempts: z.number().int(),
  locked_until: z.string().nullable().optional(),
  version: z.number().int().optional(),
});
export type User = z.infer<typeof userSchema>;
