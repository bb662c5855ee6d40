import type { WireEvent } from './audit-fetch';
import type { CursorBatch } from './audit-writer';

/**
 * What the main thread and the audit write worker (audit-write-worker.ts) say to each other.
 * The worker holds a connection of its own to the environment's cache file and writes cursor
 * pages there while the main thread fetches and checks the next ones.
 */

/** The WAL size both connections to a cache file cut it back to after a checkpoint. */
export const JOURNAL_LIMIT_BYTES = 4 * 1024 * 1024;

export interface WorkerSetup {
  file: string;
  /** The schema version the main thread opened (and migrated) the file at. */
  schemaVersion: number;
  /** Int32 slots shared with the main thread: see CONTROL_*. */
  control: SharedArrayBuffer;
}

/** Set to 1 by the main thread while it wants the write lock (a saved query): the worker waits. */
export const CONTROL_MAIN_WRITES = 0;
/** Set to 1 by the worker once its connection is closed: nothing more will be written. */
export const CONTROL_CLOSED = 1;
export const CONTROL_SLOTS = 2;

export type ToWorker =
  | {
      type: 'write';
      seq: number;
      batch: CursorBatch<WireEvent>;
      /**
       * The page's JSON as the server sent it, transferred rather than copied: the worker reads
       * the events from it, and `batch.events` is empty. (Parsing 5000 events is several times
       * cheaper than copying them between threads.)
       */
      body?: Uint8Array;
    }
  /** Write what is queued (or drop it when `discard`), close the connection, end. */
  | { type: 'close'; discard: boolean };

export interface WorkerFailure {
  message: string;
  stack?: string;
}

export type FromWorker =
  | { type: 'ready' }
  /** The file could not be opened for writing: the main thread writes in-thread instead. */
  | { type: 'unusable'; error: WorkerFailure }
  | { type: 'committed'; seqs: number[]; counts: number[] }
  /** The transaction of these pages rolled back; every later page is dropped unwritten. */
  | { type: 'failed'; seqs: number[]; error: WorkerFailure }
  | { type: 'dropped'; seqs: number[] }
  | { type: 'closed' };
