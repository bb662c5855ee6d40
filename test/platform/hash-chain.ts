import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** An audit event as hashed: everything the API sends except `prev_hash` and `hash`. */
export interface HashedEventBody {
  id: number;
  timestamp: string;
  user_id: number | null;
  username: string | null;
  action: string;
  resource: string | null;
  resource_id: string | null;
  outcome: 'success' | 'failure' | null;
  ip_address: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  session_id: string | null;
}

/** platform-api.md §4: SHA-256 of `prev_hash`, a line feed and the RFC 8785 form of the event. */
export function eventHash(prevHash: string, body: HashedEventBody): string {
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new Error('An audit event has no JSON form');
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
