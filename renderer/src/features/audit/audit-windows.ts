import type { AuditFilter, AuditRow, AuditWindow } from '../../../../shared/domain/audit-query';
import type { CallInput, CallOutput } from '../../../../shared/ipc/contract';

export type AuditOrder = CallInput<'audit.query'>['order'];
export type AuditCursor = NonNullable<CallInput<'audit.query'>['after']>;
export type AuditHistogram = CallOutput<'audit.histogram'>;

export interface WindowRequest {
  filter: AuditFilter;
  order: AuditOrder;
  after: AuditCursor | null;
  limit: number;
}

export interface AuditWindowsOptions {
  filter: AuditFilter;
  order: AuditOrder;
  /** `audit.query` for this environment. */
  fetchWindow: (request: WindowRequest) => Promise<AuditWindow>;
  /** `audit.histogram` for this environment (cached by the caller). */
  fetchHistogram: (filter: AuditFilter, buckets: number) => Promise<AuditHistogram>;
  /** Rows per window while scrolling. */
  windowSize?: number;
  /** Rows kept in memory; those farthest from the view go first. */
  maxRows?: number;
  /** How far the copy is walked window by window before a jump seeks instead. */
  walkRows?: number;
}

/** The contract's largest window. */
export const MAX_WINDOW = 1000;
/** Buckets of the histogram a seek reads to find where a row index lies in time. */
export const SEEK_BUCKETS = 500;

interface Segment {
  /** Index of rows[0] in the whole result. */
  start: number;
  rows: AuditRow[];
  /** The head generation each row was fetched under: older ones are refreshed when in view. */
  stamps: number[];
  /** The index a seek aimed at when it made this segment, so walking on from it is allowed. */
  seekTarget: number | null;
}

type Task = () => Promise<() => void>;

/** A window answered what cannot be placed: the copy changed while it was read. */
export class CopyChangedError extends Error {
  constructor() {
    super('The audit copy changed while it was being read.');
    this.name = 'CopyChangedError';
  }
}

function cursorOf(row: AuditRow): AuditCursor {
  return { timestamp: row.timestamp, id: row.id };
}

function reverse(order: AuditOrder): AuditOrder {
  return order === 'newest' ? 'oldest' : 'newest';
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function end(segment: Segment): number {
  return segment.start + segment.rows.length;
}

/**
 * The rows of one filtered, ordered result, held as a few runs of known indexes (segments) and
 * fetched in keyset windows as the table asks for index ranges. Main never offsets, so:
 * - next to a segment, a window continues from its last row (or, backwards, from its first row
 *   in the opposite order);
 * - the last rows are the first window of the opposite order;
 * - a far jump seeks: the histogram says at which time the wanted index lies, and a window of
 *   the filter narrowed to that time (`to` or `from`) answers its own total, which is exactly
 *   how many rows follow it, hence the index where it lands. Walking covers the rest.
 * One request runs at a time; answers from before a new head (a refetch) are dropped.
 */
export class AuditWindows {
  readonly filter: AuditFilter;
  readonly order: AuditOrder;
  readonly windowSize: number;
  private readonly maxRows: number;
  private readonly walkRows: number;
  private readonly fetchWindow: AuditWindowsOptions['fetchWindow'];
  private readonly fetchHistogram: AuditWindowsOptions['fetchHistogram'];
  private segments: Segment[] = [];
  private totalRows: number | null = null;
  private head = 0;
  private generation = 0;
  private busy = false;
  private wanted: { first: number; last: number } | null = null;
  private failure: unknown = null;
  private version = 0;
  private shiftValue = { delta: 0, serial: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(options: AuditWindowsOptions) {
    this.filter = options.filter;
    this.order = options.order;
    this.windowSize = options.windowSize ?? 200;
    this.maxRows = options.maxRows ?? 20_000;
    this.walkRows = options.walkRows ?? 2_000;
    this.fetchWindow = options.fetchWindow;
    this.fetchHistogram = options.fetchHistogram;
  }

  /** How many rows match, from the first window; null until it arrived. */
  get total(): number | null {
    return this.totalRows;
  }

  /** Why the last window failed (the table offers to try again), or null. */
  get error(): unknown {
    return this.failure;
  }

  /** The last index shift of a refetch (new events above the view): the table follows it. */
  get shift(): { delta: number; serial: number } {
    return this.shiftValue;
  }

  get loadedRows(): number {
    return this.segments.reduce((sum, segment) => sum + segment.rows.length, 0);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getVersion = (): number => this.version;

  rowAt(index: number): AuditRow | undefined {
    const segment = this.segmentAt(index);
    return segment?.rows[index - segment.start];
  }

  /**
   * The first window (with the total), fetched again whenever the query is refetched. Rows
   * already held keep their place: new events above shift them down by as many, and the rows
   * in view are fetched again behind the ones shown.
   */
  setHead(window: AuditWindow): void {
    const total = window.total ?? (window.next === null ? window.rows.length : (this.totalRows ?? 0));
    if (this.totalRows !== null) {
      const delta = this.shiftFor(window, this.totalRows, total);
      this.generation += 1;
      this.busy = false;
      if (delta === null) {
        this.segments = [];
      } else if (delta !== 0) {
        for (const segment of this.segments) segment.start += delta;
        this.shiftValue = { delta, serial: this.shiftValue.serial + 1 };
      }
      this.clip(total);
    }
    this.head += 1;
    this.totalRows = total;
    this.failure = null;
    this.insert(0, window.rows, null);
    this.changed();
    this.pump();
  }

  /** Asks for the rows [first, last] (what the table shows, with some margin). */
  ensure(first: number, last: number): void {
    if (this.wanted?.first === first && this.wanted.last === last) return;
    this.wanted = { first, last };
    this.pump();
  }

  /** After a failed window: try again. */
  retry(): void {
    this.failure = null;
    this.changed();
    this.pump();
  }

  private setTotal(total: number): void {
    this.totalRows = total;
    this.clip(total);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private segmentAt(index: number): Segment | undefined {
    return this.segments.find((segment) => index >= segment.start && index < end(segment));
  }

  /**
   * How far held rows moved, from where the old first row is in the new first window: in newest
   * order new events come above (the count grows by as many), in oldest order below. null when
   * the result changed otherwise (events removed): then the held rows are dropped.
   */
  private shiftFor(window: AuditWindow, oldTotal: number, newTotal: number): number | null {
    const oldFirst = this.rowAt(0);
    if (oldFirst === undefined) return null;
    const position = window.rows.findIndex((row) => row.id === oldFirst.id);
    if (this.order === 'newest') {
      const added = newTotal - oldTotal;
      if (position >= 0) return position === added ? added : null;
      return added >= window.rows.length ? added : null;
    }
    return position === 0 && newTotal >= oldTotal ? 0 : null;
  }

  private clip(total: number): void {
    this.segments = this.segments.flatMap((segment) => {
      if (segment.start >= total) return [];
      if (end(segment) <= total) return [segment];
      const keep = total - segment.start;
      return [{ ...segment, rows: segment.rows.slice(0, keep), stamps: segment.stamps.slice(0, keep) }];
    });
  }

  /** Puts rows at `start`, merging with the segments they overlap or touch (the new rows win). */
  private insert(start: number, rows: readonly AuditRow[], seekTarget: number | null): void {
    if (rows.length === 0) return;
    let merged: Segment = {
      start,
      rows: [...rows],
      stamps: rows.map(() => this.head),
      seekTarget,
    };
    const kept: Segment[] = [];
    for (const segment of this.segments) {
      if (end(segment) < merged.start || segment.start > end(merged)) {
        kept.push(segment);
        continue;
      }
      const before = Math.max(0, merged.start - segment.start);
      const afterFrom = end(merged) - segment.start;
      merged = {
        start: Math.min(segment.start, merged.start),
        rows: [
          ...segment.rows.slice(0, before),
          ...merged.rows,
          ...segment.rows.slice(Math.max(0, afterFrom)),
        ],
        stamps: [
          ...segment.stamps.slice(0, before),
          ...merged.stamps,
          ...segment.stamps.slice(Math.max(0, afterFrom)),
        ],
        seekTarget: merged.seekTarget ?? segment.seekTarget,
      };
    }
    kept.push(merged);
    kept.sort((a, b) => a.start - b.start);
    this.segments = kept;
  }

  /**
   * Keeps at most `maxRows`, dropping what is farthest from the rows in view. The first window
   * always stays: a refetch finds by it how far new events moved the rows.
   */
  private evict(): void {
    let loaded = this.loadedRows;
    if (loaded <= this.maxRows) return;
    const centre = this.wanted === null ? 0 : Math.floor((this.wanted.first + this.wanted.last) / 2);
    const distance = (segment: Segment): number =>
      Math.max(0, segment.start - centre, centre - (end(segment) - 1));
    const byDistance = [...this.segments].sort((a, b) => distance(b) - distance(a));
    for (const segment of byDistance) {
      if (loaded <= this.maxRows || distance(segment) === 0) break;
      if (segment.start === 0) continue;
      this.segments = this.segments.filter((candidate) => candidate !== segment);
      loaded -= segment.rows.length;
    }
    if (loaded <= this.maxRows) return;
    // What is left is too long: keep maxRows around the view, and the first window.
    const budget = this.maxRows - this.windowSize;
    this.segments = this.segments.flatMap((segment) => {
      const inView = distance(segment) === 0;
      const keep = inView ? budget : this.windowSize;
      if (segment.rows.length <= keep) return [segment];
      const from = inView
        ? Math.min(Math.max(0, centre - segment.start - Math.floor(keep / 2)), segment.rows.length - keep)
        : 0;
      const part = (offset: number, length: number): Segment => ({
        ...segment,
        start: segment.start + offset,
        rows: segment.rows.slice(offset, offset + length),
        stamps: segment.stamps.slice(offset, offset + length),
      });
      const parts = [part(from, keep)];
      if (segment.start === 0 && from > 0) parts.unshift(part(0, Math.min(this.windowSize, from)));
      return parts;
    });
  }

  private pump(): void {
    if (this.busy || this.failure !== null) return;
    const task = this.nextTask();
    if (task === null) return;
    this.busy = true;
    const generation = this.generation;
    task().then(
      (apply) => {
        if (generation !== this.generation) return;
        this.busy = false;
        try {
          apply();
        } catch (error) {
          this.failure = error;
          this.changed();
          return;
        }
        this.evict();
        this.changed();
        this.pump();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.busy = false;
        this.failure = error;
        this.changed();
      },
    );
  }

  private nextTask(): Task | null {
    const total = this.totalRows;
    if (total === null || total === 0 || this.wanted === null) return null;
    const first = Math.max(0, Math.min(this.wanted.first, total - 1));
    const last = Math.max(first, Math.min(this.wanted.last, total - 1));
    const missing = this.firstMissing(first, last);
    if (missing !== null) return this.fillTask(missing, first, last, total);
    const stale = this.firstStale(first, last);
    if (stale !== null) return this.refreshTask(stale, last);
    return null;
  }

  private firstMissing(first: number, last: number): number | null {
    let index = first;
    for (const segment of this.segments) {
      if (end(segment) <= index) continue;
      if (segment.start > index) return index;
      index = end(segment);
      if (index > last) return null;
    }
    return index <= last ? index : null;
  }

  private firstStale(first: number, last: number): number | null {
    for (const segment of this.segments) {
      const from = Math.max(first, segment.start);
      const to = Math.min(last, end(segment) - 1);
      for (let index = from; index <= to; index++) {
        if (segment.stamps[index - segment.start] !== this.head) return index;
      }
    }
    return null;
  }

  /** Whether a seek for rows in view made `segment`: walking on from it may go as far as needed. */
  private seekedHere(segment: Segment | undefined, first: number, last: number): boolean {
    const target = segment?.seekTarget ?? null;
    return (
      target !== null &&
      target >= first - (last - first) - this.windowSize &&
      target <= last + this.windowSize
    );
  }

  /** Fills the gap that starts at `missing` (the first row in view not held). */
  private fillTask(missing: number, first: number, last: number, total: number): Task {
    const before = this.segments.findLast((segment) => end(segment) <= missing);
    const after = this.segments.find((segment) => segment.start > missing);
    const gapStart = before === undefined ? 0 : end(before);
    const gapEnd = after === undefined ? total : after.start;
    const gap = gapEnd - gapStart;
    const forwardCost = Math.min(last, gapEnd - 1) - gapStart + 1;
    const backwardCost = gapEnd - missing;
    const limit = (cost: number): number => Math.min(MAX_WINDOW, gap, Math.max(this.windowSize, cost));
    const forward = (): Task => this.forwardTask(gapStart, before, limit(forwardCost));
    const backward = (): Task => this.backwardTask(gapEnd, after, limit(backwardCost));

    if (forwardCost <= backwardCost && forwardCost <= this.walkRows) return forward();
    if (backwardCost <= this.walkRows) return backward();
    if (forwardCost <= this.walkRows) return forward();
    if (this.seekedHere(before, first, last)) return forward();
    if (this.seekedHere(after, first, last)) return backward();
    return this.seekTask(missing, total);
  }

  /** The window after the segment ending at `start` (from the first row when none). */
  private forwardTask(start: number, before: Segment | undefined, limit: number): Task {
    const lastRow = before?.rows.at(-1);
    return async () => {
      const window = await this.fetchWindow({
        filter: this.filter,
        order: this.order,
        after: lastRow === undefined ? null : cursorOf(lastRow),
        limit,
      });
      return () => {
        // Nothing after the last row held: the result is shorter than its count said.
        if (window.rows.length === 0) this.setTotal(start);
        else this.insert(start, window.rows, null);
      };
    };
  }

  /** The window before the segment starting at `end` (the last rows when none): the opposite order. */
  private backwardTask(gapEnd: number, after: Segment | undefined, limit: number): Task {
    const firstRow = after?.rows[0];
    return async () => {
      const window = await this.fetchWindow({
        filter: this.filter,
        order: reverse(this.order),
        after: firstRow === undefined ? null : cursorOf(firstRow),
        limit,
      });
      const rows = [...window.rows].reverse().slice(-Math.max(1, gapEnd));
      return () => {
        if (rows.length === 0) throw new CopyChangedError();
        this.insert(gapEnd - rows.length, rows, null);
      };
    };
  }

  /**
   * Fetches again the rows from `index` on (held from before the last refetch), after the row
   * before it. Where the segment starts at `index`, that row is fetched first (the opposite
   * order, after this one): main places a cursor by its event, so it must be a held event.
   */
  private refreshTask(index: number, last: number): Task {
    const segment = this.segmentAt(index);
    const row = this.rowAt(index);
    if (segment === undefined || row === undefined) return () => Promise.resolve(() => {});
    const markFresh = (): void => {
      segment.stamps.fill(this.head, index - segment.start);
    };
    if (index > 0 && index === segment.start) {
      return async () => {
        const window = await this.fetchWindow({
          filter: this.filter,
          order: reverse(this.order),
          after: cursorOf(row),
          limit: 1,
        });
        return () => {
          if (window.rows.length > 0) this.insert(index - 1, window.rows, segment.seekTarget);
          // Nothing before it any more: left as it is rather than asked for again and again.
          else markFresh();
        };
      };
    }
    const previous = index === 0 ? undefined : segment.rows[index - 1 - segment.start];
    const limit = Math.min(MAX_WINDOW, Math.max(this.windowSize, last - index + 1));
    return async () => {
      const window = await this.fetchWindow({
        filter: this.filter,
        order: this.order,
        after: previous === undefined ? null : cursorOf(previous),
        limit,
      });
      return () => {
        if (window.rows.length > 0) this.insert(index, window.rows, segment.seekTarget);
        else markFresh();
      };
    };
  }

  /**
   * Lands near `index` without walking to it: finds in the histogram the time before which
   * (newest first) or from which (oldest first) at least `total - index` rows lie, narrowing
   * into a crowded bucket with a finer histogram, then asks for the first window of the filter
   * cut there. Its total is how many rows follow, so the window's index is exact.
   */
  private seekTask(index: number, total: number): Task {
    return async () => {
      const need = total - index;
      let range = this.filter;
      let beyond = 0;
      let boundary: number | null = null;
      for (let level = 0; level < 3; level++) {
        const histogram = await this.fetchHistogram(range, SEEK_BUCKETS);
        // From the end of the result towards its start: the oldest bucket first when newest first.
        const buckets = this.order === 'newest' ? histogram.buckets : [...histogram.buckets].reverse();
        let sum = beyond;
        const found = buckets.find((bucket) => {
          if (sum + bucket.count >= need) return true;
          sum += bucket.count;
          return false;
        });
        if (found === undefined) break;
        const from = Date.parse(found.start);
        // Main's time bounds include both ends: the bucket is [from, to].
        const to = from + histogram.bucketMs - 1;
        boundary = this.order === 'newest' ? Math.ceil(to) : Math.floor(from);
        if (found.count <= this.walkRows || histogram.bucketMs <= 1) break;
        beyond = sum;
        range = { ...this.filter, from: isoAt(Math.floor(from)), to: isoAt(Math.ceil(to)) };
      }
      const filter =
        boundary === null
          ? this.filter
          : this.order === 'newest'
            ? { ...this.filter, to: isoAt(Math.min(boundary, Date.parse(this.filter.to ?? isoAt(boundary)))) }
            : {
                ...this.filter,
                from: isoAt(Math.max(boundary, Date.parse(this.filter.from ?? isoAt(boundary)))),
              };
      const window = await this.fetchWindow({
        filter,
        order: this.order,
        after: null,
        limit: this.windowSize,
      });
      const landed = Math.max(0, total - (window.total ?? total));
      return () => {
        if (window.rows.length === 0 || landed >= total) throw new CopyChangedError();
        this.insert(landed, window.rows.slice(0, total - landed), index);
      };
    };
  }
}
