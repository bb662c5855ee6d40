import type { Statement } from 'better-sqlite3';
import type { AuditEvent } from '../../shared/domain/audit';
import { openDatabase, type Db } from '../storage/sqlite';
import { AgentDictionary } from './audit-agents';
import { BREAK_WORDS, type ChainBreak, type ChainPoint } from './audit-chain';
import { CACHE_MIGRATIONS } from './audit-schema';
import { EventWriter } from './audit-writer';

/** An event as the copy keeps it: the contract's fields and any the console does not know. */
export interface CopiedEvent extends AuditEvent {
  /** Fields beyond the contract's (a newer server): kept because the hash covers them. */
  extra: Record<string, unknown> | null;
}

export type SyncMode = 'cursor' | 'legacy';

export interface SyncRecord {
  mode: SyncMode | null;
  server: string | null;
  /** Cursor mode: the next `after_id`. Legacy mode: the newest id held with no gap below it. */
  afterId: number;
  /** Legacy mode: a catch-up in progress holds every server id in [low, top]. */
  catchup: { top: number; low: number; count: number } | null;
  horizonDays: number | null;
  eventsHeld: number;
  lastSyncAt: string | null;
  lastError: string | null;
}

interface SyncRow {
  mode: string | null;
  server: string | null;
  after_id: number;
  catchup_top: number | null;
  catchup_low: number | null;
  catchup_count: number | null;
  horizon_days: number | null;
  events_held: number;
  last_sync_at: string | null;
  last_error: string | null;
}

interface ChainRow {
  checked_through_id: number;
  last_hash: string | null;
  verified_through_id: number | null;
  anchored: number;
}

/**
 * One environment's cache file: the audit copy's rows, its sync and chain state, and saved
 * queries. Every write is one transaction that carries the rows together with the state that
 * covers them (the cursor, the chain point), which is what makes a copy exactly-once: a process
 * killed at any instant leaves either the page and its cursor, or neither.
 */
export class AuditCache {
  readonly db: Db;
  readonly agents: AgentDictionary;
  private readonly writer: EventWriter;
  private readonly insertBreak: Statement;
  private readonly readSync: Statement<[], SyncRow>;
  private readonly readChain: Statement<[], ChainRow>;
  private readonly writeChain: Statement;
  private brokenIds = new Set<number>();
  private checkedThrough = 0;

  constructor(readonly file: string) {
    this.db = openDatabase(file, CACHE_MIGRATIONS);
    // A larger page cache keeps the filter indexes of a million events in memory.
    this.db.pragma('cache_size = -32768');
    this.db.pragma('temp_store = MEMORY');
    this.agents = new AgentDictionary(this.db);
    this.writer = new EventWriter(this.db, this.agents);
    this.insertBreak = this.db.prepare(
      'INSERT OR REPLACE INTO audit_chain_breaks (id, timestamp, reason) VALUES (?, ?, ?)',
    );
    this.readSync = this.db.prepare('SELECT * FROM audit_sync WHERE one = 1');
    this.readChain = this.db.prepare('SELECT * FROM audit_chain WHERE one = 1');
    this.writeChain = this.db.prepare(
      `UPDATE audit_chain SET checked_through_id = ?, last_hash = ?, verified_through_id = ?, anchored = ?
       WHERE one = 1`,
    );
    this.loadMarks();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  sync(): SyncRecord {
    const row = this.readSync.get();
    if (row === undefined) throw new Error('The audit cache has no sync row');
    return {
      mode: row.mode === 'cursor' || row.mode === 'legacy' ? row.mode : null,
      server: row.server,
      afterId: row.after_id,
      catchup:
        row.catchup_top === null || row.catchup_low === null
          ? null
          : { top: row.catchup_top, low: row.catchup_low, count: row.catchup_count ?? 0 },
      horizonDays: row.horizon_days,
      eventsHeld: row.events_held,
      lastSyncAt: row.last_sync_at,
      lastError: row.last_error,
    };
  }

  chainPoint(): ChainPoint {
    const row = this.readChain.get();
    if (row === undefined) throw new Error('The audit cache has no chain row');
    return {
      checkedThroughId: row.checked_through_id,
      lastHash: row.last_hash,
      verifiedThroughId: row.verified_through_id,
      anchored: row.anchored === 1,
    };
  }

  breaks(limit: number): { id: number; timestamp: string; reason: string }[] {
    return this.db
      .prepare<[number], { id: number; timestamp: string; reason: string }>(
        'SELECT id, timestamp, reason FROM audit_chain_breaks ORDER BY id LIMIT ?',
      )
      .all(limit);
  }

  /** The chain mark of a held event, derived from the chain state (no per-row column). */
  mark(event: { id: number; hash: string | null }): 'verified' | 'broken' | 'unverified' | 'unchained' {
    if (event.hash === null) return 'unchained';
    if (this.brokenIds.has(event.id)) return 'broken';
    return event.id <= this.checkedThrough ? 'verified' : 'unverified';
  }

  get hasBreaks(): boolean {
    return this.brokenIds.size > 0;
  }

  /** Cursor mode: a page, the chain point after it and the next `after_id`, in one transaction. */
  writeCursorPage(
    events: readonly CopiedEvent[],
    nextAfterId: number,
    point: ChainPoint,
    breaks: readonly ChainBreak[],
  ): number {
    const inserted = this.atomically(() => {
      const count = this.writer.insert(events);
      this.saveChain(point, breaks);
      this.db
        .prepare('UPDATE audit_sync SET after_id = ?, events_held = events_held + ? WHERE one = 1')
        .run(nextAfterId, count);
      return count;
    });
    // Only after the commit: a rolled-back page must not leave marks behind.
    for (const b of breaks) this.brokenIds.add(b.id);
    this.checkedThrough = point.checkedThroughId;
    return inserted;
  }

  /**
   * Legacy mode: a page of a newest-first catch-up with the range it now covers; `closed`
   * when the catch-up reached what was held before, which moves the high-water mark to `top`.
   */
  writeLegacyPage(
    events: readonly CopiedEvent[],
    catchup: { top: number; low: number; count: number },
    closed: boolean,
  ): number {
    return this.atomically(() => {
      const inserted = this.writer.insert(events);
      const count = catchup.count + inserted;
      if (closed) {
        this.db
          .prepare(
            `UPDATE audit_sync SET after_id = ?, catchup_top = NULL, catchup_low = NULL, catchup_count = NULL,
             events_held = events_held + ? WHERE one = 1`,
          )
          .run(catchup.top, inserted);
      } else {
        this.db
          .prepare(
            `UPDATE audit_sync SET catchup_top = ?, catchup_low = ?, catchup_count = ?,
             events_held = events_held + ? WHERE one = 1`,
          )
          .run(catchup.top, catchup.low, count, inserted);
      }
      return inserted;
    });
  }

  /** One transaction; on a rollback the agents remembered in memory may not exist any more. */
  private atomically<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      this.agents.forget();
      throw error;
    }
  }

  /** Replaces the chain state and its breaks after a full re-verification. */
  replaceChain(point: ChainPoint, breaks: readonly ChainBreak[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM audit_chain_breaks').run();
      this.saveChain(point, breaks);
    })();
    this.loadMarks();
  }

  /** Drops events older than `cutoffMs` (the horizon) with their text; answers how many. */
  prune(cutoffMs: number): number {
    const removed = this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM audit_text WHERE rowid IN (SELECT k FROM audit_events WHERE ts < ?)')
        .run(cutoffMs);
      const removed = this.db.prepare('DELETE FROM audit_events WHERE ts < ?').run(cutoffMs).changes;
      if (removed > 0) {
        this.db.prepare('UPDATE audit_sync SET events_held = events_held - ? WHERE one = 1').run(removed);
        this.db.prepare('DELETE FROM audit_chain_breaks WHERE id NOT IN (SELECT id FROM audit_events)').run();
        // The oldest event held is now the start of what can be checked.
        this.db.prepare('UPDATE audit_chain SET anchored = 1 WHERE one = 1').run();
      }
      return removed;
    })();
    if (removed > 0) this.loadMarks();
    return removed;
  }

  /** Forgets the copy (another server, another mode, a wider horizon); saved queries stay. */
  reset(mode: SyncMode, server: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM audit_events').run();
      this.db.prepare("INSERT INTO audit_text (audit_text) VALUES ('delete-all')").run();
      this.db.prepare('DELETE FROM audit_agents').run();
      this.db.prepare("INSERT INTO audit_agent_text (audit_agent_text) VALUES ('delete-all')").run();
      this.db.prepare('DELETE FROM audit_chain_breaks').run();
      this.db
        .prepare(
          `UPDATE audit_chain SET checked_through_id = 0, last_hash = NULL, verified_through_id = NULL,
           anchored = 0 WHERE one = 1`,
        )
        .run();
      this.db
        .prepare(
          `UPDATE audit_sync SET mode = ?, server = ?, after_id = 0, catchup_top = NULL, catchup_low = NULL,
           catchup_count = NULL, events_held = 0, last_sync_at = NULL, last_error = NULL WHERE one = 1`,
        )
        .run(mode, server);
    })();
    this.agents.forget();
    this.loadMarks();
  }

  /**
   * One step of merging the FTS index's segments (the sync lets them pile up while it copies);
   * answers whether there was work. Small steps keep the main thread responsive.
   */
  mergeText(pages: number): boolean {
    const before = this.totalChanges();
    this.db.prepare("INSERT INTO audit_text (audit_text, rank) VALUES ('merge', ?)").run(pages);
    return this.totalChanges() - before > 1;
  }

  private totalChanges(): number {
    return this.db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()?.n ?? 0;
  }

  setHorizon(days: number | null): void {
    this.db.prepare('UPDATE audit_sync SET horizon_days = ? WHERE one = 1').run(days);
  }

  /** The outcome of a sync run: when it caught up, or why it stopped. */
  recordRun(outcome: { caughtUpAt: string } | { error: string }): void {
    if ('caughtUpAt' in outcome) {
      this.db
        .prepare('UPDATE audit_sync SET last_sync_at = ?, last_error = NULL WHERE one = 1')
        .run(outcome.caughtUpAt);
    } else {
      this.db.prepare('UPDATE audit_sync SET last_error = ? WHERE one = 1').run(outcome.error);
    }
  }

  /** Oldest and newest times held (ms), from the time index's two ends. */
  span(): { oldest: number | null; newest: number | null; newestId: number | null } {
    const row = this.db
      .prepare<[], { oldest: number | null; newest: number | null; newestId: number | null }>(
        `SELECT (SELECT min(ts) FROM audit_events) AS oldest, (SELECT max(ts) FROM audit_events) AS newest,
         (SELECT max(id) FROM audit_events) AS newestId`,
      )
      .get();
    return row ?? { oldest: null, newest: null, newestId: null };
  }

  /** The newest event held, by id: the head of the chain. */
  head(): { id: number; hash: string | null } | null {
    return (
      this.db
        .prepare<[], { id: number; hash: string | null }>(
          'SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1',
        )
        .get() ?? null
    );
  }

  private saveChain(point: ChainPoint, breaks: readonly ChainBreak[]): void {
    for (const b of breaks) this.insertBreak.run(b.id, b.timestamp, BREAK_WORDS[b.reason]);
    this.writeChain.run(
      point.checkedThroughId,
      point.lastHash,
      point.verifiedThroughId,
      point.anchored ? 1 : 0,
    );
  }

  private loadMarks(): void {
    this.brokenIds = new Set(
      this.db
        .prepare<[], { id: number }>('SELECT id FROM audit_chain_breaks')
        .all()
        .map((r) => r.id),
    );
    this.checkedThrough = this.chainPoint().checkedThroughId;
  }
}
