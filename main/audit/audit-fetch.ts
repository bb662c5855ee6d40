import { z } from 'zod';
import { auditEventSchema } from '../../shared/domain/audit';
import { OppError } from '../../shared/errors';
import type { CopiedEvent } from './audit-cache';
import type { ChainedEvent } from './audit-chain';
import { isoUtc, timestampMs } from './audit-time';

/** An authorized GET whose 2xx answer must match `schema` (SessionManager.fetchJson, bound to one environment). */
export type AuditGet = <S extends z.ZodType>(
  path: string,
  query: Record<string, string | number>,
  schema: S,
  signal: AbortSignal,
) => Promise<z.output<S>>;

const readableTime = z.string().refine((text) => timestampMs(text) !== null, 'not an ISO 8601 time');

/**
 * §4 as it arrives: `loose` keeps fields this console does not know, because the hash covers
 * every field. Nothing from the server is trusted beyond what this schema admits.
 */
const cursorPageSchema = z.object({
  items: z.array(auditEventSchema.extend({ timestamp: readableTime }).loose()).max(5000),
  next_after_id: z.number().int().min(0),
  has_more: z.boolean(),
});

/** §7: the deployed platform's subset, newest first. */
const legacyPageSchema = z.object({
  audit_logs: z
    .array(
      z.object({
        id: z.number().int().positive(),
        user_id: z.number().int().nullable().optional(),
        username: z.string().nullable().optional(),
        action: z.string(),
        resource: z.string().nullable().optional(),
        ip_address: z.string().nullable().optional(),
        timestamp: readableTime,
      }),
    )
    .max(10_000),
});

const KNOWN_FIELDS = new Set(Object.keys(auditEventSchema.shape));
const KNOWN_COUNT = KNOWN_FIELDS.size;

export interface CursorPage {
  items: CopiedEvent[];
  /** The same events exactly as the server sent them (unknown fields included): what the chain hashes. */
  sent: ChainedEvent[];
  nextAfterId: number;
  hasMore: boolean;
}

function unreadable(why: string): OppError {
  return new OppError('UPSTREAM', `The server sent an audit page the console cannot use: ${why}.`);
}

/** One page of the cursor API; checks that it really continues after `afterId`. */
export async function fetchCursorPage(
  get: AuditGet,
  afterId: number,
  limit: number,
  since: string | null,
  signal: AbortSignal,
): Promise<CursorPage> {
  const query: Record<string, string | number> = { after_id: afterId, limit };
  if (since !== null) query['since'] = since;
  const page = await get('/api/v1/audit-logs', query, cursorPageSchema, signal);
  let last = afterId;
  const items = page.items.map((raw): CopiedEvent => {
    if (raw.id <= last) throw unreadable(`event ${raw.id} is out of order`);
    last = raw.id;
    let extra: Record<string, unknown> | null = null;
    // zod's output has every known field; only a longer object carries unknown ones.
    if (Object.keys(raw).length > KNOWN_COUNT) {
      for (const [key, value] of Object.entries(raw)) {
        if (!KNOWN_FIELDS.has(key)) (extra ??= {})[key] = value;
      }
    }
    return {
      id: raw.id,
      timestamp: raw.timestamp,
      user_id: raw.user_id,
      username: raw.username,
      action: raw.action,
      resource: raw.resource,
      resource_id: raw.resource_id,
      outcome: raw.outcome,
      ip_address: raw.ip_address,
      user_agent: raw.user_agent,
      details: raw.details,
      session_id: raw.session_id,
      prev_hash: raw.prev_hash,
      hash: raw.hash,
      extra,
    };
  });
  if (page.next_after_id < last) throw unreadable('its cursor points back into the page');
  if (page.has_more && page.next_after_id <= afterId) throw unreadable('its cursor does not move on');
  return { items, sent: page.items, nextAfterId: page.next_after_id, hasMore: page.has_more };
}

/** One page of the legacy list (newest first); zoneless times become UTC. */
export async function fetchLegacyPage(
  get: AuditGet,
  skip: number,
  limit: number,
  signal: AbortSignal,
): Promise<CopiedEvent[]> {
  const page = await get('/api/v1/auth/audit-logs', { skip, limit }, legacyPageSchema, signal);
  let previous = Number.POSITIVE_INFINITY;
  return page.audit_logs.map((raw): CopiedEvent => {
    if (raw.id >= previous) throw unreadable(`event ${raw.id} is out of order`);
    previous = raw.id;
    return {
      id: raw.id,
      timestamp: isoUtc(timestampMs(raw.timestamp) ?? 0),
      user_id: raw.user_id ?? null,
      username: raw.username ?? null,
      action: raw.action,
      resource: raw.resource ?? null,
      resource_id: null,
      outcome: null,
      ip_address: raw.ip_address ?? null,
      user_agent: null,
      details: null,
      session_id: null,
      prev_hash: null,
      hash: null,
      extra: null,
    };
  });
}

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  random(): number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseMs: 250, maxMs: 30_000, random: Math.random };

/** Resolves after `ms`, or rejects at once when the run is stopped. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(stopped());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(stopped());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function stopped(): OppError {
  return new OppError('UPSTREAM', 'The audit sync was stopped.', { cancelled: true });
}

/** A failure worth retrying: the server's own trouble (5xx, a cut connection, an unreadable page) or 429. */
function transient(error: unknown): error is OppError {
  if (!(error instanceof OppError)) return false;
  if (error.details?.['cancelled'] === true) return false;
  return error.code === 'RATE_LIMITED' || error.code === 'UPSTREAM';
}

/**
 * Runs a request, backing off on transient failures: exponential with jitter from `baseMs`,
 * and never sooner than the server's `Retry-After`. Anything else (offline, signed out,
 * forbidden) is thrown at once: the scheduler tries again at its next tick.
 */
export async function withRetry<T>(
  request: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onWait: (waiting: boolean) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (signal.aborted) throw stopped();
      if (!transient(error) || attempt >= policy.attempts) throw error;
      const backoff =
        Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) * (0.5 + policy.random() / 2);
      const retryAfter = error.details?.retryAfterSeconds;
      const wait = typeof retryAfter === 'number' ? Math.max(retryAfter * 1000, backoff) : backoff;
      onWait(true);
      try {
        await pause(wait, signal);
      } finally {
        onWait(false);
      }
    }
  }
}
