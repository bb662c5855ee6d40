import fs from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { AuditEvent } from '../../shared/domain/audit';
import { openDatabase, type Db } from '../storage/sqlite';
import { AgentDictionary } from './audit-agents';
import type { ChainBreak, ChainPoint } from './audit-chain';
import type { WireEvent } from './audit-fetch';
import { CACHE_MIGRATIONS } from './audit-schema';
import { JOURNAL_LIMIT_BYTES } from './audit-write-protocol';
import type { AttachedWriter } from './audit-write-sink';
import { CursorWriter, wireExtra, type CursorBatch } from './audit-writer';

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
 * The page size of cache files (SQLite's default is 4096). Measured on a million events: the
 * sync's writing takes a tenth less CPU, and a WAL checkpoint (every 1000 pages) comes a
 * quarter as often, each one a quarter of the system calls, since SQLite writes and checkpoints
 * a page at a time. Files made before keep their 4096 until their copy is emptied (`reset`).
 */
const PAGE_SIZE = 16384;

/**
 * Moves an empty or nearly empty file to PAGE_SIZE. A WAL file cannot change its page size, so
 * the journal goes back to a rollback one for the VACUUM that does it, and back to WAL after.
 * Skipped when another connection holds the file (the mode cannot change then): the file keeps
 * its pages, which only costs speed. Interrupted half-way, the file is whole either way, and
 * the next open puts it back in WAL mode (openDatabase).
 */
function widenPages(db: Db): void {
  if ((db.pragma('page_size', { simple: true }) as number) >= PAGE_SIZE) return;
  try {
    if (db.pragma('journal_mode = DELETE', { simple: true }) === 'delete') {
      db.pragma(`page_size = ${PAGE_SIZE}`);
      db.exec('VACUUM');
    }
  } catch {
    // Busy: another connection reads the file. It keeps its page size; nothing else differs.
  } finally {
    try {
      db.pragma('journal_mode = WAL');
    } catch {
      // Still busy: the next open (openDatabase) sets WAL again.
    }
  }
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
  private readonly writer: CursorWriter;
  private readonly readSync: Statement<[], SyncRow>;
  private readonly readChain: Statement<[], ChainRow>;
  private brokenIds = new Set<number>();
  private checkedThrough = 0;
  /** The write worker of a running sync, if it has one (audit-write-sink.ts). */
  private worker: AttachedWriter | null = null;

  constructor(readonly file: string) {
    const created = file !== ':memory:' && !fs.existsSync(file);
    this.db = openDatabase(file, CACHE_MIGRATIONS);
    if (created) widenPages(this.db);
    // A larger page cache keeps the filter indexes of a million events in memory.
    this.db.pragma('cache_size = -32768');
    this.db.pragma('temp_store = MEMORY');
    // The write worker lets the WAL grow during a copy; the checkpoint after it shrinks the file.
    this.db.pragma(`journal_size_limit = ${JOURNAL_LIMIT_BYTES}`);
    this.agents = new AgentDictionary(this.db);
    this.writer = new CursorWriter(this.db, this.agents);
    this.readSync = this.db.prepare('SELECT * FROM audit_sync WHERE one = 1');
    this.readChain = this.db.prepare('SELECT * FROM audit_chain WHERE one = 1');
    this.loadMarks();
  }

  /** Closes the file; a write worker on it is stopped first, so nothing writes to it afterwards. */
  close(): void {
    this.worker?.closeNow();
    if (this.db.open) this.db.close();
  }

  attachWriter(worker: AttachedWriter): void {
    this.worker = worker;
  }

  detachWriter(worker: AttachedWriter): void {
    if (this.worker === worker) this.worker = null;
  }

  /**
   * A write from the main thread (a saved query) while a sync may be writing from its worker:
   * the worker waits between two transactions until this one is done, rather than both taking
   * turns at the write lock (a busy worker would win it again and again).
   */
  exclusiveWrite<T>(work: () => T): T {
    return this.worker === null ? work() : this.worker.mainWrites(work);
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
    const [inserted = 0] = this.writer.write([{ events, nextAfterId, point, breaks }], (e) => e.extra);
    this.cursorCommitted([{ point, breaks }]);
    return inserted;
  }

  /** Cursor pages as the server sent them, in one transaction (see CursorWriter); counts per page. */
  writeCursorBatches(batches: readonly CursorBatch<WireEvent>[]): number[] {
    const counts = this.writer.write(batches, wireExtra);
    this.cursorCommitted(batches);
    return counts;
  }

  /**
   * The chain marks of pages committed (here, or by the write worker on its own connection).
   * Only after the commit: a rolled-back page must not leave marks behind.
   */
  cursorCommitted(batches: readonly Pick<CursorBatch, 'point' | 'breaks'>[]): void {
    for (const batch of batches) {
      for (const b of batch.breaks) this.brokenIds.add(b.id);
      this.checkedThrough = batch.point.checkedThroughId;
    }
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
      const inserted = this.writer.events.insert(events, (e) => e.extra);
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
      this.writer.saveBreaks(breaks);
      this.writer.saveChain(point);
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
    // Empty now, so moving to the larger pages (and giving the space back) costs next to nothing.
    widenPages(this.db);
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
