import type { Logger } from '../log/logger';
import type { AuditCache, CopiedEvent, SyncMode } from './audit-cache';
import { ChainVerifier, type ChainBreak } from './audit-chain';
import { CursorReader } from './audit-cursor-reader';
import {
  fetchCursorPage,
  fetchLegacyPage,
  stopped,
  withRetry,
  type AuditGet,
  type RetryPolicy,
} from './audit-fetch';
import { isoUtc, timestampMs } from './audit-time';
import { InThreadSink, WorkerSink, type PageSink } from './audit-write-sink';

/** The cursor API's largest page (platform-api.md §4). */
export const CURSOR_PAGE = 5000;
/** The legacy list's largest page (§7 servers cap `limit` at 1000). */
export const LEGACY_PAGE = 1000;
const DAY_MS = 24 * 3600 * 1000;
/** Cursor pages checked and handed to the writer but not yet committed, at most. */
const MAX_UNCOMMITTED = 3;

export interface SyncProgress {
  /** Events copied in this run. */
  done: number;
  /** Estimated events in this run, when it can be told. */
  total: number | null;
  eventsPerSecond: number | null;
}

export interface SyncRunOptions {
  environmentId: string;
  cache: AuditCache;
  get: AuditGet;
  mode: SyncMode;
  /** Which server the copy comes from (the API URL): another one starts a new copy. */
  server: string;
  signal: AbortSignal;
  retry: RetryPolicy;
  log: Logger;
  now: () => number;
  progress: (progress: SyncProgress) => void;
  /** Rows landed in the copy (the caller throttles what it tells the renderer). */
  landed: () => void;
  backingOff: (waiting: boolean) => void;
  /**
   * Cursor copies longer than a page are written by a worker thread while the main thread
   * fetches and checks (audit-write-sink.ts); false writes on the main thread. Default true.
   */
  writeWorker?: boolean;
}

/**
 * One sync run: brings the copy up to the server's newest event and returns how many events
 * it copied. Exactly once, in both modes, because the rows of a page and the state that covers
 * them are one transaction (AuditCache), and ids are unique in the copy:
 *
 * - Cursor mode: each page is written with its `next_after_id`; a restart resumes from the
 *   saved one. Requests run ahead of the checking (CursorReader), and pages are written in
 *   order by a worker thread while later ones are fetched and checked, so the server, the
 *   checking and the writing overlap. A page whose write fails stops the run, and the worker
 *   drops every page after it.
 * - Legacy mode (newest first, skip/limit): a catch-up pages down from the newest event to the
 *   newest one held before (the high-water mark). Each page is written with the range it now
 *   covers, [low, top], and the mark moves to `top` only in the transaction that closes the
 *   gap. New events arriving at the head only push older ones to later offsets, so paging by
 *   `skip` can see an event twice (the unique id drops it) but never skip one. After a kill,
 *   the catch-up resumes at `skip = held in [low, top] - 1`, which is at or before `low` in the
 *   current list for the same reason. Events newer than `top` wait for the next catch-up.
 */
export async function runSync(options: SyncRunOptions): Promise<number> {
  const { cache, mode, server, log, environmentId } = options;
  const record = cache.sync();
  if (record.mode !== mode || record.server !== server) {
    if (record.mode !== null)
      log.info('audit: the server or its API changed; starting a new copy', { env: environmentId, mode });
    cache.reset(mode, server);
  }
  const horizon = cache.sync().horizonDays;
  const cutoff = horizon === null ? null : options.now() - horizon * DAY_MS;
  if (cutoff !== null) {
    const removed = cache.prune(cutoff);
    if (removed > 0) {
      log.info('audit: events older than the horizon removed', { env: environmentId, removed });
      options.landed();
    }
  }
  return mode === 'cursor' ? copyByCursor(options, cutoff) : copyNewestFirst(options, cutoff);
}

function meter(options: SyncRunOptions): (done: number, total: number | null) => void {
  const started = options.now();
  return (done, total) => {
    const seconds = (options.now() - started) / 1000;
    options.progress({ done, total, eventsPerSecond: seconds > 0 ? Math.round(done / seconds) : null });
  };
}

async function copyByCursor(options: SyncRunOptions, cutoff: number | null): Promise<number> {
  const { cache, signal } = options;
  // `since` skips the old bulk of a first copy only: later, an event stamped before the cutoff
  // (a server clock set back) would otherwise go missing from the chain and read as a break.
  // Anything old that arrives later is pruned at the start of the next run.
  const since = cutoff === null || cache.sync().afterId !== 0 ? null : isoUtc(cutoff);
  const point = cache.chainPoint();
  const verifier = new ChainVerifier(point, cutoff !== null || point.anchored, cache.hasBreaks);
  const fetchPage = (afterId: number, request: AbortSignal) =>
    withRetry(
      () => fetchCursorPage(options.get, afterId, CURSOR_PAGE, since, request),
      options.retry,
      request,
      options.backingOff,
    );
  const report = meter(options);
  let done = 0;
  let firstMs: number | null = null;
  // Pages are written on the main thread until a write worker is up (a copy of more than one
  // page starts one), then by the worker. Main-thread writes are done when `write` returns, so
  // at the switch nothing is in flight: the order of pages, and of their cursors, is kept.
  let sink: PageSink = new InThreadSink(cache);
  let worker: Promise<WorkerSink | null> | null = null;
  let ready: WorkerSink | null = null;
  // Pages checked but not yet committed; the first failure ends the run.
  const unsettled: Promise<void>[] = [];
  const failures: unknown[] = [];
  const reader = new CursorReader(fetchPage, CURSOR_PAGE, cache.sync().afterId, signal);
  try {
    for (;;) {
      const page = await reader.read();
      if (page === null) break;
      if (signal.aborted) throw stopped();
      // A page that could not be written ends the run before any later page is written, on
      // either side of the switch to the worker (a main-thread write reports its failure by
      // the time this await returns; the worker drops what follows a failed page by itself).
      if (failures.length > 0) throw failures[0];
      const finalPage = !page.hasMore;
      if (!finalPage && worker === null && options.writeWorker !== false) {
        worker = WorkerSink.start(cache, options.log);
        void worker.then((started) => (ready = started));
      }
      if (ready !== null && sink !== ready) {
        sink = ready;
        options.log.debug('audit: pages written by a worker thread', { env: options.environmentId });
      }
      const breaks: ChainBreak[] = [];
      // The hash covers what the server sent: its unknown fields too, and nothing of ours.
      for (const event of page.events) {
        const broken = verifier.check(event);
        if (broken !== null) breaks.push(broken);
      }
      if (breaks.length > 0) {
        options.log.warn('audit: hash chain break', {
          env: options.environmentId,
          first: breaks[0]?.id,
          count: breaks.length,
        });
      }
      const first = page.events[0];
      const last = page.events[page.events.length - 1];
      if (firstMs === null && first !== undefined) firstMs = timestampMs(first.timestamp);
      const lastMs = last === undefined ? null : timestampMs(last.timestamp);
      const batch = { events: page.events, nextAfterId: page.nextAfterId, point: verifier.current, breaks };
      unsettled.push(
        sink.write(batch, page.body).then(
          (inserted) => {
            done += inserted;
            if (inserted > 0) options.landed();
            report(done, finalPage ? done : estimateTotal(done, firstMs, lastMs, options.now()));
          },
          (error: unknown) => {
            failures.push(error);
          },
        ),
      );
      // A bound on pages in memory, and on what a stop discards.
      while (unsettled.length > MAX_UNCOMMITTED) await unsettled.shift();
      if (failures.length > 0) throw failures[0];
      if (finalPage) break;
    }
    await Promise.all(unsettled);
    if (failures.length > 0) throw failures[0];
    return done;
  } finally {
    reader.close();
    // A stop drops pages not yet written (the next run fetches them again); anything else (a
    // failed request, a write that failed and so dropped the rest) writes what can be written,
    // as a page checked before the failure would have been. Either way the worker has closed
    // its connection before the run ends: nothing writes to the copy after it.
    const started = ready ?? (await worker?.catch(() => null)) ?? null;
    await started?.close(signal.aborted);
    await Promise.all(unsettled);
  }
}

/**
 * Events in this run, guessed from the times copied so far: the rate over the span this run
 * covered, carried on to now. Good enough for a progress bar; null until it can tell.
 */
function estimateTotal(
  done: number,
  firstMs: number | null,
  lastMs: number | null,
  now: number,
): number | null {
  if (firstMs === null || lastMs === null || lastMs <= firstMs) return null;
  return Math.round(done + (done / (lastMs - firstMs)) * Math.max(0, now - lastMs));
}

async function copyNewestFirst(options: SyncRunOptions, cutoff: number | null): Promise<number> {
  const { cache, signal } = options;
  const record = cache.sync();
  const held = record.afterId;
  let catchup = record.catchup;
  let skip = catchup === null ? 0 : Math.max(0, catchup.count - 1);
  if (catchup !== null) options.log.info('audit: resuming a catch-up', { env: options.environmentId, skip });
  const report = meter(options);
  let done = 0;
  for (;;) {
    const page = await withRetry(
      () => fetchLegacyPage(options.get, skip, LEGACY_PAGE, signal),
      options.retry,
      signal,
      options.backingOff,
    );
    const newest = page[0];
    if (catchup === null) {
      if (newest === undefined || newest.id <= held) return done; // nothing new
      catchup = { top: newest.id, low: newest.id + 1, count: 0 };
    }
    const { top } = catchup;
    const tooOld = (e: CopiedEvent) => cutoff !== null && (timestampMs(e.timestamp) ?? 0) < cutoff;
    const keep = page.filter((e) => e.id <= top && e.id > held && !tooOld(e));
    const covered = page.filter((e) => e.id <= top).map((e) => e.id);
    const low = Math.min(catchup.low, ...covered);
    // The gap is closed when the page reaches what was held, or the end of the list, or lies
    // wholly before the horizon (one old-stamped event is no proof that all below it are old).
    const closed =
      page.length === 0 || page.some((e) => e.id <= held) || (cutoff !== null && page.every(tooOld));
    const inserted = cache.writeLegacyPage(keep, { top, low, count: catchup.count }, closed);
    catchup = { top, low, count: catchup.count + inserted };
    done += inserted;
    if (inserted > 0) options.landed();
    report(done, closed ? done : Math.max(done, top - held));
    if (closed) return done;
    skip += page.length;
  }
}
