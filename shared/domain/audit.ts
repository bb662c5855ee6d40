import { z } from 'zod';

/** Actions the platform writes (platform-api.md §4). Unknown actions are still kept. */
export const AUDIT_ACTIONS = [
  'login_success',
  'login_failed',
  'logout',
  'token_refreshed',
  'refresh_reused',
  'account_locked',
  'user_created',
  'user_updated',
  'user_deleted',
  'user_activated',
  'user_deactivated',
  'password_reset',
  'user_unlocked',
  'role_created',
  'role_updated',
  'role_deleted',
] as const;

/** An audit event as the full API sends it; the legacy API sends a subset (nulls here). */
export const auditEventSchema = z.object({
  id: z.number().int().positive(),
  timestamp: z.string(),
  user_id: z.number().int().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  resource: z.string().nullable(),
  resource_id: z.string().nullable(),
  outcome: z.enum(['success', 'failure']).nullable(),
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  session_id: z.string().nullable(),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
