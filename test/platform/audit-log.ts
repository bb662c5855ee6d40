import type { Statement } from 'better-sqlite3';
import type { Clock } from './clock';
import type { Db } from './db';
import { GENESIS_HASH, eventHash } from './hash-chain';
import type { HashedEventBody } from './hash-chain';

export type AuditOutcome = 'success' | 'failure';

/** What a route knows when it records something; the log adds id, time and the chain. */
export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  userId: number | null;
  username: string | null;
  resource: string | null;
  resourceId: string | null;
  details: Record<string, unknown>;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEvent extends HashedEventBody {
  prev_hash: string;
  hash: string;
}

export interface AuditRow {
  id: number;
  timestamp: string;
  user_id: number | null;
  username: string | null;
  action: string;
  resource: string | null;
  resource_id: string | null;
  outcome: AuditOutcome | null;
  ip_address: string | null;
  user_agent: string | null;
  details: string;
  session_id: string | null;
  prev_hash: string;
  hash: string;
}

export const INSERT_AUDIT_SQL = `INSERT INTO audit_events
  (id, timestamp, user_id, username, action, resource, resource_id, outcome, ip_address, user_agent,
   details, session_id, prev_hash, hash)
  VALUES (@id, @timestamp, @user_id, @username, @action, @resource, @resource_id, @outcome, @ip_address,
   @user_agent, @details, @session_id, @prev_hash, @hash)`;

export function rowToEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    timestamp: row.timestamp,
    user_id: row.user_id,
    username: row.username,
    action: row.action,
    resource: row.resource,
    resource_id: row.resource_id,
    outcome: row.outcome,
    ip_address: row.ip_address,
    user_agent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
    session_id: row.session_id,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditPage {
  items: AuditEvent[];
  next_after_id: number;
  has_more: boolean;
}

/** The append-only, hash-chained audit log. */
export class AuditLog {
  private readonly insert: Statement;
  private readonly last: Statement<[], { id: number; hash: string }>;
  private readonly pageAfter: Statement<[number, number], AuditRow>;
  private readonly pageAfterSince: Statement<[number, string, number], AuditRow>;
  private readonly newestFirst: Statement<[number, number], AuditRow>;
  /** Ids a fault spec asked to tamper with before they existed: done as soon as they are written. */
  private readonly pendingTamper = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(INSERT_AUDIT_SQL);
    this.last = db.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1');
    this.pageAfter = db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?');
    this.pageAfterSince = db.prepare(
      'SELECT * FROM audit_events WHERE id > ? AND timestamp >= ? ORDER BY id LIMIT ?',
    );
    this.newestFirst = db.prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT ? OFFSET ?');
  }

  /**
   * Appends one event. Callers run it in the same transaction as the change it records, so a
   * change and its event are written together or not at all. The tail is read from the table
   * each time (not cached) so a rolled-back transaction cannot leave a stale chain head behind.
   */
  append(entry: AuditEntry): AuditEvent {
    const tail = this.last.get();
    const prevHash = tail?.hash ?? GENESIS_HASH;
    const body: HashedEventBody = {
      id: (tail?.id ?? 0) + 1,
      timestamp: this.clock.nowIso(),
      user_id: entry.userId,
      username: entry.username,
      action: entry.action,
      resource: entry.resource,
      resource_id: entry.resourceId,
      outcome: entry.outcome,
      ip_address: entry.ip,
      user_agent: entry.userAgent,
      details: entry.details,
      session_id: entry.sessionId,
    };
    const event: AuditEvent = { ...body, prev_hash: prevHash, hash: eventHash(prevHash, body) };
    this.insert.run({ ...event, details: JSON.stringify(event.details) });
    if (this.pendingTamper.delete(event.id)) this.tamper(event.id);
    return event;
  }

  page(afterId: number, limit: number, since: string | null): AuditPage {
    // One row more than asked tells whether another page exists without a count.
    const rows =
      since === null
        ? this.pageAfter.all(afterId, limit + 1)
        : this.pageAfterSince.all(afterId, since, limit + 1);
    const hasMore = rows.length > limit;
    const items = (hasMore ? rows.slice(0, limit) : rows).map(rowToEvent);
    const lastItem = items[items.length - 1];
    return { items, next_after_id: lastItem?.id ?? afterId, has_more: hasMore };
  }

  /** The legacy API's order: newest first, paged by offset. */
  newest(skip: number, limit: number): AuditRow[] {
    return this.newestFirst.all(limit, skip);
  }

  lastId(): number {
    return this.last.get()?.id ?? 0;
  }

  /**
   * Changes a stored event's content but leaves its hash alone, as an intruder editing the
   * database would: a client that re-hashes the chain must notice. Returns false when absent.
   */
  tamper(id: number): boolean {
    const row = this.db.prepare<[number], AuditRow>('SELECT * FROM audit_events WHERE id = ?').get(id);
    if (row === undefined) {
      this.pendingTamper.add(id);
      return false;
    }
    const details = {
      ...(JSON.parse(row.details) as Record<string, unknown>),
      note: 'edited after the fact',
    };
    this.db
      .prepare('UPDATE audit_events SET details = ?, ip_address = ? WHERE id = ?')
      .run(JSON.stringify(details), '203.0.113.250', id);
    return true;
  }
}
