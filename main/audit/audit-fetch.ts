import { z } from 'zod';
import { auditEventSchema, type AuditEvent } from '../../shared/domain/audit';
import { OppError } from '../../shared/errors';
import type { CopiedEvent } from './audit-cache';
import { isoUtc, timestampMs } from './audit-time';

/**
 * An authorized GET whose 2xx answer must match `schema` (SessionManager.fetchChecked, bound to
 * one environment): the checked value, and the body's bytes where the transport kept them.
 */
export type AuditGet = <S extends z.ZodType>(
  path: string,
  query: Record<string, string | number>,
  schema: S,
  signal: AbortSignal,
) => Promise<{ data: z.output<S>; bytes: Uint8Array | null }>;

const readableTime = z.string().refine((text) => timestampMs(text) !== null, 'not an ISO 8601 time');

/** The cursor API's largest page (platform-api.md §4). */
const CURSOR_PAGE_MAX = 5000;

/**
 * §4 as it arrives: `loose` keeps fields this console does not know, because the hash covers
 * every field. Nothing from the server is trusted beyond what this schema admits. (The sync
 * reads pages through `isCursorPage`, the same rules written out; see `cursorPage`.)
 */
export const cursorPageSchema = z.object({
  items: z.array(auditEventSchema.extend({ timestamp: readableTime }).loose()).max(CURSOR_PAGE_MAX),
  next_after_id: z.number().int().min(0),
  has_more: z.boolean(),
});

/** An event of a cursor page as JSON.parse made it: the contract's fields and any others. */
export type WireEvent = AuditEvent & { [field: string]: unknown };

interface WirePage {
  items: WireEvent[];
  next_after_id: number;
  has_more: boolean;
}

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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const intOrNull = (value: unknown): boolean => value === null || Number.isSafeInteger(value);

/**
 * `cursorPageSchema`'s rules written out for one page of 5000 events: zod would also copy every
 * event (a third of the sync's parsing time and garbage). Stricter where in doubt (a details
 * object must have Object's own prototype, as JSON.parse makes it): it never admits what the
 * schema refuses, and `cursorPage` asks the schema whenever this says no, so a page passes
 * exactly when the schema passes it.
 */
export function isCursorPage(input: unknown): input is WirePage {
  if (!isObject(input)) return false;
  const { items, next_after_id: next, has_more: more } = input;
  if (!Array.isArray(items) || items.length > CURSOR_PAGE_MAX || typeof more !== 'boolean') return false;
  if (!Number.isSafeInteger(next) || (next as number) < 0) return false;
  for (const item of items as unknown[]) {
    if (!isObject(item)) return false;
    const { id, timestamp, outcome, details } = item;
    if (
      !Number.isSafeInteger(id) ||
      (id as number) <= 0 ||
      typeof timestamp !== 'string' ||
      timestampMs(timestamp) === null ||
      !intOrNull(item['user_id']) ||
      !stringOrNull(item['username']) ||
      typeof item['action'] !== 'string' ||
      !stringOrNull(item['resource']) ||
      !stringOrNull(item['resource_id']) ||
      (outcome !== null && outcome !== 'success' && outcome !== 'failure') ||
      !stringOrNull(item['ip_address']) ||
      !stringOrNull(item['user_agent']) ||
      (details !== null && (!isObject(details) || Object.getPrototypeOf(details) !== Object.prototype)) ||
      !stringOrNull(item['session_id']) ||
      !stringOrNull(item['prev_hash']) ||
      !stringOrNull(item['hash'])
    )
      return false;
  }
  return true;
}

/**
 * What the sync asks `get` to check a cursor page against. The page comes back as parsed,
 * not copied: the events are what the server sent, which is also what the chain must hash.
 */
export const cursorPage = z.custom<WirePage>(
  (input) => isCursorPage(input) || cursorPageSchema.safeParse(input).success,
);

export interface CursorPage {
  /** The events exactly as the server sent them (unknown fields included): what the chain hashes. */
  events: WireEvent[];
  nextAfterId: number;
  hasMore: boolean;
  /**
   * The page's JSON as received (a buffer of its own), when the transport kept it. Parsed, it is
   * `{items: events, ...}` exactly: the write worker reads its events from it (audit-write-sink.ts).
   */
  body: Uint8Array | null;
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
  const { data: page, bytes } = await get('/api/v1/audit-logs', query, cursorPage, signal);
  let last = afterId;
  for (const event of page.items) {
    if (event.id <= last) throw unreadable(`event ${event.id} is out of order`);
    last = event.id;
  }
  if (page.next_after_id < last) throw unreadable('its cursor points back into the page');
  if (page.has_more && page.next_after_id <= afterId) throw unreadable('its cursor does not move on');
  return { events: page.items, nextAfterId: page.next_after_id, hasMore: page.has_more, body: bytes };
}

/** One page of the legacy list (newest first); zoneless times become UTC. */
export async function fetchLegacyPage(
  get: AuditGet,
  skip: number,
  limit: number,
  signal: AbortSignal,
): Promise<CopiedEvent[]> {
  const { data: page } = await get('/api/v1/auth/audit-logs', { skip, limit }, legacyPageSchema, signal);
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
