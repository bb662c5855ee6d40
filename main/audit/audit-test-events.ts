import { createHash } from 'node:crypto';
import type { CopiedEvent } from './audit-cache';

/**
 * Events for the unit tests, chained by a hash written here independently of audit-chain.ts
 * (its own RFC 8785 form for the value types events carry), so a mistake in the code under
 * test cannot cancel out in the test.
 */
export function canonical(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

export function hashOf(prevHash: string, body: Record<string, unknown>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonical(body)}`)
    .digest('hex');
}

export interface EventSeed {
  id: number;
  timestamp?: string;
  username?: string | null;
  action?: string;
  outcome?: 'success' | 'failure' | null;
  resource?: string | null;
  ip_address?: string | null;
  user_agent?: string | null;
  details?: Record<string, unknown> | null;
}

/** Events `seeds` chained from the genesis hash (or `prevHash`), with defaults for what a test leaves out. */
export function chainedEvents(seeds: readonly EventSeed[], prevHash = '0'.repeat(64)): CopiedEvent[] {
  let prev = prevHash;
  return seeds.map((seed) => {
    const body = {
      id: seed.id,
      timestamp: seed.timestamp ?? new Date(Date.UTC(2026, 0, 1) + seed.id * 1000).toISOString(),
      user_id: seed.username === null ? null : seed.id % 7,
      username: seed.username === undefined ? `user${seed.id % 7}` : seed.username,
      action: seed.action ?? 'login_success',
      resource: seed.resource === undefined ? 'auth' : seed.resource,
      resource_id: null,
      outcome: seed.outcome === undefined ? 'success' : seed.outcome,
      ip_address: seed.ip_address === undefined ? `10.0.0.${seed.id % 250}` : seed.ip_address,
      user_agent: seed.user_agent === undefined ? 'curl/8.5.0' : seed.user_agent,
      details: seed.details === undefined ? { method: 'password' } : seed.details,
      session_id: null,
    };
    const hash = hashOf(prev, body);
    const event: CopiedEvent = { ...body, prev_hash: prev, hash, extra: null };
    prev = hash;
    return event;
  });
}
