import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditCache } from '../../main/audit/audit-cache';
import { CHAIN_START, ChainVerifier } from '../../main/audit/audit-chain';
import type { WireEvent } from '../../main/audit/audit-fetch';
import { CACHE_MIGRATIONS } from '../../main/audit/audit-schema';
import { chainedEvents } from '../../main/audit/audit-test-events';
import {
  CONTROL_CLOSED,
  CONTROL_SLOTS,
  type FromWorker,
  type ToWorker,
  type WorkerSetup,
} from '../../main/audit/audit-write-protocol';

/**
 * The write worker as the app ships it: `out/main/audit-write-worker.js`, the second entry of
 * the main build (electron.vite.config.ts), which the sink starts from beside out/main/index.js.
 * Sources are tested in main/audit; this checks that the bundle runs on its own (its imports,
 * its native module) and speaks the protocol. `npm test` builds before it runs the tests.
 */
const BUILT = path.resolve('out/main/audit-write-worker.js');

let folder: string;
let cache: AuditCache;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-built-worker-'));
  cache = new AuditCache(path.join(folder, 'env.sqlite'));
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function next(worker: Worker): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('the built audit write worker', () => {
  it('starts from out/main and commits a page with its cursor and chain state', async () => {
    expect(fs.existsSync(BUILT), `${BUILT} is missing: run \`npm run build\` first`).toBe(true);
    const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const setup: WorkerSetup = { file: cache.file, schemaVersion: CACHE_MIGRATIONS.length, control };
    const worker = new Worker(BUILT, { workerData: setup });
    expect(await next(worker)).toEqual({ type: 'ready' });

    const events = chainedEvents(Array.from({ length: 50 }, (_, i) => ({ id: i + 1 }))).map(
      ({ extra: _extra, ...wire }) => wire as WireEvent,
    );
    const verifier = new ChainVerifier(CHAIN_START, false);
    for (const event of events) expect(verifier.check(event)).toBeNull();
    const write: ToWorker = {
      type: 'write',
      seq: 1,
      batch: { events, nextAfterId: 50, point: verifier.current, breaks: [] },
    };
    worker.postMessage(write);
    expect(await next(worker)).toEqual({ type: 'committed', seqs: [1], counts: [50] });

    const ended = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close', discard: false } satisfies ToWorker);
    await ended;
    expect(Atomics.load(new Int32Array(control), CONTROL_CLOSED)).toBe(1);

    // What the main thread's own connection now reads: every row, the cursor, the chain.
    expect(cache.sync()).toMatchObject({ afterId: 50, eventsHeld: 50 });
    expect(cache.chainPoint()).toMatchObject({ checkedThroughId: 50, verifiedThroughId: 50 });
    const held = cache.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_events').get();
    expect(held?.n).toBe(50);
  });
});
