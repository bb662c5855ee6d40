import { createHash } from 'node:crypto';

/**
 * An independent check of the audit hash chain, for the tests. It shares no code with the
 * server: its own RFC 8785 serialisation (enough for the value types events carry: null,
 * booleans, safe integers, strings, arrays and plain objects) and node:crypto directly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new Error(`Only safe integers are expected in events, got ${value}`);
      return String(value);
    case 'string':
      // ECMAScript's JSON string escaping is exactly RFC 8785's (§3.2.2.2).
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      // RFC 8785 §3.2.3: members sorted by their names' UTF-16 code units.
      const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`Unexpected ${typeof value} in an audit event`);
  }
}

export interface ChainedEvent {
  id: number;
  prev_hash: string | null;
  hash: string | null;
  [field: string]: unknown;
}

export type ChainVerdict =
  | { ok: true; checked: number; head: string }
  | { ok: false; brokenAt: number; reason: 'hash' | 'link' | 'order' };

export const ZERO_HASH = '0'.repeat(64);

/** Walks events (oldest first) from the genesis link, recomputing every hash. */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerdict {
  let expectedPrev = ZERO_HASH;
  let lastId = 0;
  for (const event of events) {
    if (event.id <= lastId) return { ok: false, brokenAt: event.id, reason: 'order' };
    if (event.prev_hash !== expectedPrev) return { ok: false, brokenAt: event.id, reason: 'link' };
    const { hash, prev_hash: prevHash, ...body } = event;
    const recomputed = createHash('sha256')
      .update(`${prevHash}\n${canonicalJson(body)}`, 'utf8')
      .digest('hex');
    if (recomputed !== hash) return { ok: false, brokenAt: event.id, reason: 'hash' };
    expectedPrev = hash;
    lastId = event.id;
  }
  return { ok: true, checked: events.length, head: expectedPrev };
}
