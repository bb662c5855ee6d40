import { Worker } from 'node:worker_threads';
import type { Logger } from '../log/logger';
import type { AuditCache } from './audit-cache';
import type { ChainBreak, ChainPoint } from './audit-chain';
import type { WireEvent } from './audit-fetch';
import { CACHE_MIGRATIONS } from './audit-schema';
import {
  CONTROL_CLOSED,
  CONTROL_MAIN_WRITES,
  CONTROL_SLOTS,
  type FromWorker,
  type ToWorker,
  type WorkerFailure,
  type WorkerSetup,
} from './audit-write-protocol';
import type { CursorBatch } from './audit-writer';

/** Where the cursor sync puts checked pages. */
export interface PageSink {
  /**
   * Queues a page; resolves with how many of its events were new once it is committed. `body`
   * is the page's JSON as received, when known (CursorPage.body); the sink may take it over.
   */
  write(batch: CursorBatch<WireEvent>, body: Uint8Array | null): Promise<number>;
  /** Ends the sink: writes what is queued, or drops it when `discard`; no write follows. */
  close(discard: boolean): Promise<void>;
}

/** Writes on the main thread, before `write` returns. */
export class InThreadSink implements PageSink {
  constructor(private readonly cache: AuditCache) {}

  write(batch: CursorBatch<WireEvent>): Promise<number> {
    try {
      return Promise.resolve(this.cache.writeCursorBatches([batch])[0] ?? 0);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** What AuditCache needs of a worker writing its file (see AuditCache.close and exclusiveWrite). */
export interface AttachedWriter {
  /** Stops the worker and waits, blocking, until its connection is closed. */
  closeNow(): void;
  /** Runs a main-thread write while the worker waits between two transactions. */
  mainWrites<T>(work: () => T): T;
}

/**
 * The worker's script. Built by electron-vite it is `audit-write-worker.js`, an entry of its
 * own beside the main bundle (electron.vite.config.ts). Run from sources (vitest, tsx) it is the
 * .ts file beside this one, which needs tsx's loader in the worker too unless the process has it.
 * (A variable, not a literal, so no bundler takes `new URL(...)` for an asset to rewrite.)
 */
function workerScript(): { url: URL; execArgv: string[] | undefined } {
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  const script = fromSources ? './audit-write-worker.ts' : './audit-write-worker.js';
  const url = new URL(script, here);
  if (!fromSources || process.execArgv.some((arg) => /(?:^|[\\/])tsx(?:$|[\\/])/.test(arg)))
    return { url, execArgv: undefined };
  return { url, execArgv: [...process.execArgv, '--import', 'tsx'] };
}

function revive(failure: WorkerFailure): Error {
  const error = new Error(failure.message);
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}

interface Pending {
  point: ChainPoint;
  breaks: readonly ChainBreak[];
  resolve(inserted: number): void;
  reject(error: Error): void;
}

/** How long a synchronous close waits for the worker's current transaction (it takes well under 1 s). */
const CLOSE_WAIT_MS = 10_000;
/** How long a worker may take to open the file and say it is ready. */
const START_WAIT_MS = 30_000;

/**
 * Blocks until `slot` is 1 or the deadline passes. Atomics.wait sleeps; where a thread may not
 * block that way (Chromium's rule for a main thread, which Electron's main process may follow)
 * it throws, and the wait spins instead: only while a copy is closed mid-sync.
 */
function waitForFlag(control: Int32Array, slot: number, deadline: number): void {
  try {
    while (Atomics.load(control, slot) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      Atomics.wait(control, slot, 0, left);
    }
  } catch {
    while (Atomics.load(control, slot) === 0 && Date.now() < deadline) {
      // spin
    }
  }
}

/**
 * Writes pages through the audit write worker (audit-write-worker.ts), one per sync run. The
 * main thread keeps fetching and checking while the worker writes; each page's promise settles
 * when the worker says its transaction committed, and only then do the page's chain marks
 * reach the cache's memory. Pages are written in the order they were queued.
 */
export class WorkerSink implements PageSink, AttachedWriter {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Why no more pages can be written (the worker failed or ended). */
  private broken: Error | null = null;
  private closing: Promise<void> | null = null;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly control: Int32Array,
    private readonly cache: AuditCache,
  ) {
    this.ended = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.once('exit', () => this.fail(new Error('The audit write worker ended.')));
  }

  /**
   * Starts a worker on the cache's file; null when none can run here (then the caller writes
   * on the main thread: slower, and otherwise the same).
   */
  static async start(cache: AuditCache, log: Logger): Promise<WorkerSink | null> {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const setup: WorkerSetup = { file: cache.file, schemaVersion: CACHE_MIGRATIONS.length, control };
    const { url, execArgv } = workerScript();
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: setup, ...(execArgv === undefined ? {} : { execArgv }) });
    } catch (error) {
      log.warn('audit: no write worker; writing on the main thread', { error });
      return null;
    }
    const first = await new Promise<FromWorker | Error>((resolve) => {
      const settle = (answer: FromWorker | Error) => {
        clearTimeout(timer);
        // Only these: Worker keeps listeners of its own (they ref and unref its message port).
        worker.off('message', settle);
        worker.off('error', settle);
        worker.off('exit', onExit);
        resolve(answer);
      };
      const onExit = (code: number) => settle(new Error(`The audit write worker ended (${code}).`));
      // The sync writes on the main thread meanwhile; a worker that never comes up is given up.
      const timer = setTimeout(
        () => settle(new Error('The audit write worker did not start.')),
        START_WAIT_MS,
      );
      worker.on('message', settle);
      worker.on('error', settle);
      worker.on('exit', onExit);
    });
    if (!(first instanceof Error) && first.type === 'ready') {
      const sink = new WorkerSink(worker, new Int32Array(control), cache);
      cache.attachWriter(sink);
      log.debug('audit: write worker ready', { file: cache.file });
      return sink;
    }
    const error = first instanceof Error ? first : first.type === 'unusable' ? revive(first.error) : null;
    log.warn('audit: no write worker; writing on the main thread', { error });
    await worker.terminate();
    return null;
  }

  write(batch: CursorBatch<WireEvent>, body: Uint8Array | null): Promise<number> {
    if (this.broken !== null) return Promise.reject(this.broken);
    if (this.closing !== null) return Promise.reject(new Error('The audit write worker is closing.'));
    const seq = (this.seq += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { point: batch.point, breaks: batch.breaks, resolve, reject });
      if (body === null) {
        const message: ToWorker = { type: 'write', seq, batch };
        this.worker.postMessage(message);
        return;
      }
      const message: ToWorker = { type: 'write', seq, batch: { ...batch, events: [] }, body };
      // Moved, not copied, when the bytes fill a buffer of their own (the HTTP client's are).
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      this.worker.postMessage(message, own && body.buffer instanceof ArrayBuffer ? [body.buffer] : []);
    });
  }

  close(discard: boolean): Promise<void> {
    this.closing ??= this.shutDown(discard);
    return this.closing;
  }

  closeNow(): void {
    if (Atomics.load(this.control, CONTROL_CLOSED) === 0) {
      this.post({ type: 'close', discard: true });
      // The worker answers through shared memory: this thread's event loop is not turning.
      // It takes as long as the transaction under way, if any (well under a second).
      waitForFlag(this.control, CONTROL_CLOSED, Date.now() + CLOSE_WAIT_MS);
    }
    this.closing ??= this.ended;
    this.cache.detachWriter(this);
    void this.worker.terminate();
  }

  mainWrites<T>(work: () => T): T {
    Atomics.store(this.control, CONTROL_MAIN_WRITES, 1);
    try {
      return work();
    } finally {
      Atomics.store(this.control, CONTROL_MAIN_WRITES, 0);
      Atomics.notify(this.control, CONTROL_MAIN_WRITES);
    }
  }

  private async shutDown(discard: boolean): Promise<void> {
    this.post({ type: 'close', discard });
    // It ends by itself once closed; a worker stuck for long is ended by force.
    const timer = setTimeout(() => void this.worker.terminate(), 60_000);
    try {
      await this.ended;
    } finally {
      clearTimeout(timer);
      this.cache.detachWriter(this);
    }
  }

  private post(message: ToWorker): void {
    try {
      this.worker.postMessage(message);
    } catch {
      // Already ended: nothing to tell it.
    }
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'committed':
        message.seqs.forEach((seq, i) => {
          const page = this.take(seq);
          if (page === undefined) return;
          this.cache.cursorCommitted([page]);
          page.resolve(message.counts[i] ?? 0);
        });
        return;
      case 'failed': {
        const error = revive(message.error);
        this.broken ??= error;
        for (const seq of message.seqs) this.take(seq)?.reject(error);
        return;
      }
      case 'dropped':
        for (const seq of message.seqs)
          this.take(seq)?.reject(this.broken ?? new Error('The page was not written: the sync stopped.'));
        return;
      default:
        return;
    }
  }

  private take(seq: number): Pending | undefined {
    const page = this.pending.get(seq);
    this.pending.delete(seq);
    return page;
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const page of this.pending.values()) page.reject(this.broken);
    this.pending.clear();
  }
}
