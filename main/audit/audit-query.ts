import type { Statement } from 'better-sqlite3';
import type { AuditFilter, AuditRow, AuditWindow } from '../../shared/domain/audit-query';
import { OppError } from '../../shared/errors';
import type { AuditCache } from './audit-cache';
import { planFilter, type FilterPlan } from './audit-filter';
import { orderKey } from './audit-order';
import { isoUtc, timestampMs } from './audit-time';

export type AuditOrder = 'newest' | 'oldest';

/** A row as stored (see audit-schema.ts). */
export interface EventRow {
  k: number;
  id: number;
  timestamp: string;
  user_id: number | null;
  username: string | null;
  action: string;
  resource: string | null;
  resource_id: string | null;
  outcome: string | null;
  ip_address: string | null;
  agent: number | null;
  details: string | null;
  session_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

type Range = { match?: string; lo: number; hi: number; limit: number };
type Count = { n: number };

const COLUMNS = `k, id, timestamp, user_id, username, action, resource, resource_id, outcome, ip_address,
  agent, details, session_id, prev_hash, hash`;

/**
 * Reads of the audit copy; needs no session, so every screen works offline. Each window is a
 * range of the order key (see audit-order.ts): the FTS index yields matching keys in order and
 * stops at `limit`, so no query sorts its matches or skips rows with OFFSET. All SQL is fixed
 * text; every value the administrator typed is a bound parameter.
 */
export class AuditQueries {
  private readonly statements: Record<
    'textNewest' | 'textOldest' | 'plainNewest' | 'plainOldest',
    Statement<[Range], EventRow>
  >;
  private readonly countText: Statement<[Omit<Range, 'limit'>], Count>;
  private readonly countTime: Statement<[{ from: number; to: number }], Count>;
  private readonly keyOf: Statement<[number], { k: number }>;
  private readonly byId: Statement<[number], EventRow>;

  constructor(private readonly cache: AuditCache) {
    const db = cache.db;
    const text = (direction: 'ASC' | 'DESC') =>
      db.prepare<[Range], EventRow>(
        `SELECT ${COLUMNS} FROM audit_events WHERE k IN (
           SELECT rowid FROM audit_text WHERE audit_text MATCH @match AND rowid BETWEEN @lo AND @hi
           ORDER BY rowid ${direction} LIMIT @limit)
         ORDER BY k ${direction}`,
      );
    const plain = (direction: 'ASC' | 'DESC') =>
      db.prepare<[Range], EventRow>(
        `SELECT ${COLUMNS} FROM audit_events WHERE k BETWEEN @lo AND @hi ORDER BY k ${direction} LIMIT @limit`,
      );
    this.statements = {
      textNewest: text('DESC'),
      textOldest: text('ASC'),
      plainNewest: plain('DESC'),
      plainOldest: plain('ASC'),
    };
    this.countText = db.prepare(
      'SELECT count(*) AS n FROM audit_text WHERE audit_text MATCH @match AND rowid BETWEEN @lo AND @hi',
    );
    this.countTime = db.prepare('SELECT count(*) AS n FROM audit_events WHERE ts BETWEEN @from AND @to');
    this.keyOf = db.prepare('SELECT k FROM audit_events WHERE id = ?');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM audit_events WHERE id = ?`);
  }

  /** One keyset window; the total of the filter comes with the first window only. */
  window(
    filter: AuditFilter,
    order: AuditOrder,
    after: { timestamp: string; id: number } | null,
    limit: number,
  ): AuditWindow {
    const plan = this.plan(filter);
    const afterKey = after === null ? null : this.keyOfCursor(after);
    const rows = this.rows(plan, order, afterKey, limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown[shown.length - 1];
    return {
      rows: shown.map((row) => this.toAuditRow(row)),
      next: more && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null,
      total: after === null ? this.count(plan) : null,
    };
  }

  /** The filter as one FTS5 expression and a key range (the user-agent index is asked here). */
  plan(filter: AuditFilter): FilterPlan {
    return this.guard(() => planFilter(filter, (term) => this.cache.agents.matching(term)));
  }

  /** Raw rows after order key `afterKey` (exclusive), for windows and the export. */
  rows(plan: FilterPlan, order: AuditOrder, afterKey: number | null, limit: number): EventRow[] {
    if (plan.empty) return [];
    let { lo, hi } = plan;
    if (afterKey !== null) {
      if (order === 'newest') hi = Math.min(hi, afterKey - 1);
      else lo = Math.max(lo, afterKey + 1);
    }
    if (lo > hi) return [];
    const newest = order === 'newest';
    return this.guard(() =>
      plan.match === null
        ? this.statements[newest ? 'plainNewest' : 'plainOldest'].all({ lo, hi, limit })
        : this.statements[newest ? 'textNewest' : 'textOldest'].all({ match: plan.match, lo, hi, limit }),
    );
  }

  count(plan: FilterPlan): number {
    if (plan.empty) return 0;
    if (plan.match !== null) {
      const match = plan.match;
      return this.guard(() => this.countText.get({ match, lo: plan.lo, hi: plan.hi })?.n ?? 0);
    }
    if (plan.fromMs === null && plan.toMs === null) return this.cache.sync().eventsHeld;
    return this.countTime.get({ from: plan.fromMs ?? 0, to: plan.toMs ?? Number.MAX_SAFE_INTEGER })?.n ?? 0;
  }

  event(id: number): AuditRow | null {
    const row = this.byId.get(id);
    return row === undefined ? null : this.toAuditRow(row);
  }

  toAuditRow(row: EventRow): AuditRow {
    return {
      id: row.id,
      timestamp: row.timestamp,
      user_id: row.user_id,
      username: row.username,
      action: row.action,
      resource: row.resource,
      resource_id: row.resource_id,
      outcome: row.outcome === 'success' || row.outcome === 'failure' ? row.outcome : null,
      ip_address: row.ip_address,
      user_agent: this.cache.agents.textOf(row.agent),
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
      session_id: row.session_id,
      prev_hash: row.prev_hash,
      hash: row.hash,
      chain: this.cache.mark(row),
    };
  }

  /** Where a cursor points: the held row's key, or (a row pruned since) the key it would have. */
  private keyOfCursor(after: { timestamp: string; id: number }): number {
    const held = this.keyOf.get(after.id);
    if (held !== undefined) return held.k;
    const ms = timestampMs(after.timestamp);
    if (ms === null) throw new OppError('VALIDATION', 'The position in the audit list is not readable.');
    return orderKey(ms, after.id);
  }

  /** FTS5 rejects nothing ftsQuery builds; should it ever, the administrator gets words, not a crash. */
  private guard<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_ERROR') {
        throw new OppError('VALIDATION', 'The search could not be run. Try other words.');
      }
      throw error;
    }
  }
}

/** The copy's time span as ISO strings, for the status line. */
export function spanOf(cache: AuditCache): { oldest: string | null; newest: string | null } {
  const span = cache.span();
  return {
    oldest: span.oldest === null ? null : isoUtc(span.oldest),
    newest: span.newest === null ? null : isoUtc(span.newest),
  };
}
