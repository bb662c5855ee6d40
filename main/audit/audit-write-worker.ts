import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { bodyText } from '../http/body-text';
import { AgentDictionary } from './audit-agents';
import {
  CONTROL_CLOSED,
  CONTROL_MAIN_WRITES,
  JOURNAL_LIMIT_BYTES,
  type FromWorker,
  type ToWorker,
  type WorkerFailure,
  type WorkerSetup,
} from './audit-write-protocol';
import type { WireEvent } from './audit-fetch';
import { CursorWriter, wireExtra, type CursorBatch } from './audit-writer';

/**
 * The audit write worker: a thread of its own that writes checked cursor pages into the cache
 * file (the same transactions as on the main thread, see CursorWriter) while the main thread
 * fetches and checks the next ones. Started per sync run by WorkerSink (audit-write-sink.ts).
 *
 * Pages that queued up while a transaction ran are written together, up to GROUP of them: the
 * worker catches up with fewer commits when it falls behind. A failed transaction stops it: the
 * pages after a page that did not land must not land either, or the cursor would pass events
 * the copy lacks.
 */
const GROUP = 4;
/** WAL pages (16 KiB each) between two checkpoints while this thread writes: see open(). */
const SYNC_CHECKPOINT_PAGES = 8192;

const port = parentPort;
const setup = workerData as WorkerSetup;
const control = new Int32Array(setup.control);

function send(message: FromWorker): void {
  port?.postMessage(message);
}

function failure(error: unknown): WorkerFailure {
  return error instanceof Error
    ? { message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }
    : { message: String(error) };
}

function open(): { db: Database.Database; writer: CursorWriter } {
  // The main thread created and migrated the file: never create one (the environment may have
  // been deleted meanwhile), and never write a file of another schema version.
  const db = new Database(setup.file, { fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== setup.schemaVersion)
      throw new Error(`The cache file is at schema ${version}, not ${setup.schemaVersion}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    // A checkpoint every 1000 pages (SQLite's default) stops this thread's writing each time:
    // measured, a tenth of the writing time of a million events. A WAL of up to 128 MB is
    // checkpointed by the main connection's next write (the index merge after the copy), and
    // cut back to JOURNAL_LIMIT then.
    db.pragma(`wal_autocheckpoint = ${SYNC_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_LIMIT_BYTES}`);
    return { db, writer: new CursorWriter(db, new AgentDictionary(db)) };
  } catch (error) {
    db.close();
    throw error;
  }
}

let opened: { db: Database.Database; writer: CursorWriter } | null = null;
try {
  opened = open();
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'unusable', error: failure(error) });
  Atomics.store(control, CONTROL_CLOSED, 1);
  Atomics.notify(control, CONTROL_CLOSED);
  port?.close();
}

const queue: Extract<ToWorker, { type: 'write' }>[] = [];
let failed = false;
let scheduled = false;

/** A saved query wants the write lock: let it have it between two transactions. */
function yieldToMain(): void {
  while (Atomics.load(control, CONTROL_MAIN_WRITES) === 1) Atomics.wait(control, CONTROL_MAIN_WRITES, 1, 50);
}

/**
 * A page with its events: sent along, or read from the page's JSON, which the main thread
 * parsed and checked from the same bytes (so these are the events it checked).
 */
function withEvents(message: Extract<ToWorker, { type: 'write' }>): CursorBatch<WireEvent> {
  if (message.body === undefined) return message.batch;
  const page = JSON.parse(bodyText(message.body)) as { items: WireEvent[] };
  return { ...message.batch, events: page.items };
}

/** Writes pages in one transaction; on failure nothing of them is written, and false is answered. */
function writeTogether(
  writer: CursorWriter,
  group: readonly Extract<ToWorker, { type: 'write' }>[],
): boolean {
  const seqs = group.map((m) => m.seq);
  yieldToMain();
  try {
    const counts = writer.write(group.map(withEvents), wireExtra);
    send({ type: 'committed', seqs, counts });
    return true;
  } catch (error) {
    if (group.length > 1) return false;
    failed = true;
    send({ type: 'failed', seqs, error: failure(error) });
    return false;
  }
}

function writeQueued(): void {
  scheduled = false;
  while (opened !== null && queue.length > 0 && !failed) {
    const group = queue.splice(0, GROUP);
    // A group that fails is written again page by page: the pages before the one that cannot
    // be written land, as they would have alone, and the failure is that page's.
    if (!writeTogether(opened.writer, group)) {
      for (const page of group) {
        if (failed) send({ type: 'dropped', seqs: [page.seq] });
        else writeTogether(opened.writer, [page]);
      }
    }
  }
  if (failed) drop();
}

function drop(): void {
  const seqs = queue.splice(0).map((m) => m.seq);
  if (seqs.length > 0) send({ type: 'dropped', seqs });
}

function close(discard: boolean): void {
  if (discard) drop();
  else writeQueued();
  if (opened !== null) {
    opened.db.close();
    opened = null;
  }
  // Told through shared memory as well: AuditCache.close() waits for it without an event loop.
  Atomics.store(control, CONTROL_CLOSED, 1);
  Atomics.notify(control, CONTROL_CLOSED);
  send({ type: 'closed' });
  port?.close();
}

port?.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    close(message.discard);
    return;
  }
  if (opened === null || failed) {
    send({ type: 'dropped', seqs: [message.seq] });
    return;
  }
  queue.push(message);
  // After the messages already delivered: a page that arrived meanwhile joins this transaction.
  if (!scheduled) {
    scheduled = true;
    setImmediate(writeQueued);
  }
});
