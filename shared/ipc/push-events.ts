import { z } from 'zod';
import { environmentIdSchema } from '../domain/environment';

/**
 * Events main pushes to the renderer. They say what changed, never carry the data: the
 * renderer invalidates the matching queries and fetches again through the contract.
 */
export const pushEventContract = {
  /** A session started, ended, was refreshed or expired. */
  'session.changed': z.object({
    environmentId: environmentIdSchema,
    reason: z.enum(['signed_in', 'signed_out', 'refreshed', 'expired', 'revoked', 'expiring_soon']),
    message: z.string().optional(),
  }),
  /** An environment's servers became reachable or unreachable. */
  'connectivity.changed': z.object({
    environmentId: environmentIdSchema,
    online: z.boolean(),
  }),
  /** Progress of a long-running copy (the audit sync) or check (chain verification). */
  'sync.progress': z.object({
    environmentId: environmentIdSchema,
    task: z.enum(['audit_sync', 'audit_verify']),
    done: z.number().int().min(0),
    total: z.number().int().min(0).nullable(),
    eventsPerSecond: z.number().min(0).nullable(),
    finished: z.boolean(),
  }),
  /** Cached data changed: query keys that start with these parts are stale. */
  'cache.invalidated': z.object({
    environmentId: environmentIdSchema.nullable(),
    scope: z.enum(['environments', 'session', 'users', 'roles', 'audit', 'health', 'settings']),
  }),
} as const;

export type PushEventContract = typeof pushEventContract;
export type PushEventName = keyof PushEventContract;
export type PushEventPayload<E extends PushEventName> = z.infer<PushEventContract[E]>;

export const PUSH_EVENT_NAMES = Object.keys(pushEventContract) as PushEventName[];

export function isPushEventName(value: unknown): value is PushEventName {
  return typeof value === 'string' && Object.hasOwn(pushEventContract, value);
}
