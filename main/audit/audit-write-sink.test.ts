import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLogger } from '../log/logger';
import { AuditCache } from './audit-cache';
import { CHAIN_START, ChainVerifier, type ChainBreak } from './audit-chain';
import type { WireEvent } from './audit-fetch';
import { listSavedQueries, saveQuery } from './audit-saved';
import { chainedEvents } from './audit-test-events';
import { WorkerSink } from './audit-write-sink';
import type { CursorBatch } from './audit-writer';

let folder: string;
let file: string;
let cache: AuditCache;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-sink-'));
  file = path.join(folder, 'local.sqlite');
  cache = new AuditCache(file);
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** `pages` pages of `size` chained events as the cursor API sends them, each with its chain state. */
function pages(count: number, size: number): CursorBatch<WireEvent>[] {
  const events = chainedEvents(Array.from({ length: count * size }, (_, i) => ({ id: i + 1 }))).map(
    ({ extra: _extra, ...wire }) => wire as WireEvent,
  );
  const verifier = new ChainVerifier(CHAIN_START, false);
  return Array.from({ length: count }, (_, p) => {
    const slice = events.slice(p * size, (p + 1) * size);
    const breaks: ChainBreak[] = [];
    for (const event of slice) {
      const broken = verifier.check(event);
      if (broken !== null) breaks.push(broken);
    }
    return { events: slice, nextAfterId: (p + 1) * size, point: verifier.current, breaks };
  });
}

async function startSink(): Promise<WorkerSink> {
  const sink = await WorkerSink.start(cache, new MemoryLogger());
  if (sink === null) throw new Error('no worker');
  return sink;
}

/** What another connection sees in the file: ids held, the cursor and the count. */
function onDisk(): { ids: number[]; afterId: number; held: number; text: number } {
  const db = new Database(file, { readonly: true });
  try {
    const ids = db
      .prepare<[], { id: number }>('SELECT id FROM audit_events ORDER BY id')
      .all()
      .map((r) => r.id);
    const sync = db.prepare<[], { after_id: number; events_held: number }>('SELECT * FROM audit_sync').get();
    const text = db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_text WHERE audit_text MATCH 'login'")
      .get();
    return { ids, afterId: sync?.after_id ?? -1, held: sync?.events_held ?? -1, text: text?.n ?? -1 };
  } finally {
    db.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the write worker', () => {
  it('writes pages in order with their cursors, and marks the chain after each commit', async () => {
    const sink = await startSink();
    const batches = pages(3, 10);
    expect(await Promise.all(batches.map((b) => sink.write(b, null)))).toEqual([10, 10, 10]);
    expect(cache.mark({ id: 30, hash: 'x' })).toBe('verified');
    await sink.close(false);
    expect(onDisk()).toEqual({ ids: range(1, 30), afterId: 30, held: 30, text: 30 });
    // The same rows as the main thread writes.
    const other = new AuditCache(path.join(folder, 'other.sqlite'));
    try {
      other.writeCursorBatches(pages(3, 10));
      const rows = (c: AuditCache) => c.db.prepare('SELECT * FROM audit_events ORDER BY id').all();
      expect(rows(cache)).toEqual(rows(other));
    } finally {
      other.close();
    }
  });

  it('reads a page from its JSON bytes when it has them, and writes the same rows', async () => {
    const sink = await startSink();
    const batches = pages(3, 10);
    const bodies = batches.map((b) =>
      new TextEncoder().encode(
        JSON.stringify({ items: b.events, next_after_id: b.nextAfterId, has_more: true }),
      ),
    );
    // Not ASCII (a name in details), so the UTF-8 way of reading a body is taken too.
    const first = batches[0]?.events[0] as WireEvent;
    first.details = { name: 'Zoë Ångström ✓' };
    bodies[0] = new TextEncoder().encode(
      JSON.stringify({ items: batches[0]?.events, next_after_id: 10, has_more: true }),
    );
    const counts = await Promise.all(batches.map((b, i) => sink.write(b, bodies[i] ?? null)));
    expect(counts).toEqual([10, 10, 10]);
    // Moved to the worker, not copied: the main thread's buffer is left empty.
    expect(bodies.every((b) => b.byteLength === 0)).toBe(true);
    await sink.close(false);
    expect(onDisk()).toEqual({ ids: range(1, 30), afterId: 30, held: 30, text: 30 });
    const other = new AuditCache(path.join(folder, 'other.sqlite'));
    try {
      other.writeCursorBatches(batches);
      const rows = (c: AuditCache) => c.db.prepare('SELECT * FROM audit_events ORDER BY id').all();
      expect(rows(cache)).toEqual(rows(other));
      expect(cache.db.prepare('SELECT details FROM audit_events WHERE id = ?').pluck().get(first.id)).toBe(
        JSON.stringify({ name: 'Zoë Ångström ✓' }),
      );
    } finally {
      other.close();
    }
  });

  it('rolls back a page that fails, and writes no page after it', async () => {
    cache.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON audit_events WHEN NEW.id = 15
      BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    const sink = await startSink();
    const results = await Promise.allSettled(pages(4, 10).map((b) => sink.write(b, null)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused for the test' });
    await expect(sink.write(pages(5, 10)[4] as CursorBatch<WireEvent>, null)).rejects.toThrow();
    await sink.close(false);
    expect(onDisk()).toEqual({ ids: range(1, 10), afterId: 10, held: 10, text: 10 });
    expect(cache.mark({ id: 12, hash: 'x' })).toBe('unverified');
  });

  it('drops what is queued when closed for a stop, and writes nothing afterwards', async () => {
    const sink = await startSink();
    const results = Promise.allSettled(pages(6, 500).map((b) => sink.write(b, null)));
    await sink.close(true);
    const settled = await results;
    const done = settled.filter((r) => r.status === 'fulfilled').length;
    // Whatever landed is a prefix of the pages, each with its cursor.
    expect(settled.slice(0, done).every((r) => r.status === 'fulfilled')).toBe(true);
    const first = onDisk();
    expect(first).toMatchObject({ ids: range(1, done * 500), afterId: done * 500, held: done * 500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onDisk()).toEqual(first);
  });

  it('is stopped, and its connection closed, before AuditCache.close() returns', async () => {
    const sink = await startSink();
    const results = Promise.allSettled(pages(8, 500).map((b) => sink.write(b, null)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    cache.close();
    const first = onDisk();
    expect(first.ids).toEqual(range(1, first.afterId));
    expect(first.held).toBe(first.afterId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onDisk()).toEqual(first);
    await results;
    await sink.close(true); // already closed: answers at once
  });

  it('is stopped as surely where this thread may not block in Atomics.wait (it then spins)', async () => {
    const sink = await startSink();
    const results = Promise.allSettled(pages(8, 500).map((b) => sink.write(b, null)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const wait = vi.spyOn(Atomics, 'wait').mockImplementation(() => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    });
    try {
      cache.close();
      expect(wait).toHaveBeenCalled();
    } finally {
      wait.mockRestore();
    }
    const first = onDisk();
    expect(first.ids).toEqual(range(1, first.afterId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onDisk()).toEqual(first);
    await results;
  });

  it('lets a main-thread write (a saved query) in between two of its transactions', async () => {
    const sink = await startSink();
    const results = Promise.all(pages(10, 500).map((b) => sink.write(b, null)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    cache.exclusiveWrite(() =>
      saveQuery(cache.db, 'failures', { outcome: 'failure' }, '2026-11-27T00:00:00.000Z'),
    );
    expect(listSavedQueries(cache.db).map((q) => q.name)).toEqual(['failures']);
    expect(await results).toEqual(Array.from({ length: 10 }, () => 500));
    await sink.close(false);
  });

  it('is not started when the file cannot be opened for writing (the sync writes on the main thread)', async () => {
    fs.rmSync(file); // gone from the folder; the main thread's connection still holds it
    const log = new MemoryLogger();
    expect(await WorkerSink.start(cache, log)).toBeNull();
    expect(log.lines.map((l) => l.message)).toContain('audit: no write worker; writing on the main thread');
    expect(fs.existsSync(file)).toBe(false); // and it did not create one
  });
});
