import { z } from 'zod';
import { environmentIdSchema } from './environment';

/** What a server offers (platform-api.md §8), probed once per session. */
export const CAPABILITIES = [
  'refresh',
  'user_admin',
  'roles_api',
  'audit_cursor',
  'audit_legacy',
  'audit_hash_chain',
  'health_comprehensive',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * A signed-in session as the renderer sees it. There is deliberately no token here: tokens
 * never leave main.
 */
export const sessionSchema = z.object({
  environmentId: environmentIdSchema,
  username: z.string(),
  userId: z.number().int(),
  role: z.string(),
  permissions: z.array(z.string()),
  capabilities: z.array(z.enum(CAPABILITIES)),
  /** When the current access token expires (ISO); a legacy server's session ends here. */
  expiresAt: z.string(),
  /** True when no keychain answered and the session lives in memory only. */
  memoryOnly: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const signInInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    username: z.string().trim().min(1, 'Enter your username.').max(100),
    password: z.string().min(1, 'Enter your password.').max(1024),
  })
  .strict();

/** Where sessions are kept: the OS keychain, or memory only when no keychain answers. */
export const keychainStatusSchema = z.object({
  backend: z.enum(['keychain', 'memory']),
  reason: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof keychainStatusSchema>;
