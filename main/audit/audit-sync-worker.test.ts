import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import { MemoryLogger } from '../log/logger';
import { AuditCache, type CopiedEvent } from './audit-cache';
import type { AuditGet } from './audit-fetch';
import { CURSOR_PAGE, runSync, type SyncRunOptions } from './audit-sync';
import { chainedEvents } from './audit-test-events';

/**
 * Cursor syncs whose pages the write worker writes (audit-write-sink.ts): the server below
 * holds its pages back until the worker is up, so the tests do not depend on how fast it starts.
 */
const READY = 'audit: write worker ready';
const EVENTS = CURSOR_PAGE * 8 + 123;

let folder: string;
let file: string;
let log: MemoryLogger;
let events: CopiedEvent[];
let pagesServed: number;
/** Runs before a page is served; may wait. */
let gate: (page: number) => Promise<void>;

const workerReady = async (): Promise<void> => {
  for (let waited = 0; !log.lines.some((l) => l.message === READY); waited += 10) {
    if (waited > 60_000) throw new Error('the write worker did not start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const get: AuditGet = async (_path, query, schema, signal) => {
  pagesServed += 1;
  await gate(pagesServed);
  // As the HTTP client does: a stopped run's request is cancelled.
  if (signal.aborted) throw new OppError('UPSTREAM', 'The request was cancelled.', { cancelled: true });
  const afterId = Number(query['after_id']);
  const limit = Number(query['limit']);
  const rest = events.filter((e) => e.id > afterId);
  const items = rest.slice(0, limit).map(({ extra: _extra, ...wire }) => wire);
  const body = {
    items,
    next_after_id: items[items.length - 1]?.id ?? afterId,
    has_more: rest.length > limit,
  };
  // As SessionManager.fetchChecked answers the sync: the value, and the bytes it was read from.
  return { data: schema.parse(body), bytes: new TextEncoder().encode(JSON.stringify(body)) };
};

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-sync-worker-'));
  file = path.join(folder, 'local.sqlite');
  log = new MemoryLogger();
  events ??= chainedEvents(
    Array.from({ length: EVENTS }, (_, i) => ({
      id: i + 1,
      username: `user${i % 13}`,
      ip_address: `10.${i % 7}.${i % 251}.${i % 97}`,
      details: i % 3 === 0 ? { method: 'password' } : { reason: 'bad_password', failed_attempts: i % 5 },
    })),
  );
  pagesServed = 0;
  gate = (page) => (page >= 2 ? workerReady() : Promise.resolve());
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

async function sync(target: string, extra: Partial<SyncRunOptions> = {}): Promise<number> {
  const cache = new AuditCache(target);
  try {
    return await runSync({
      environmentId: 'local',
      cache,
      get,
      mode: 'cursor',
      server: 'http://fake',
      signal: new AbortController().signal,
      retry: { attempts: 1, baseMs: 1, maxMs: 1, random: () => 0.5 },
      log,
      now: Date.now,
      progress: () => undefined,
      landed: () => undefined,
      backingOff: () => undefined,
      ...extra,
    });
  } finally {
    cache.close();
  }
}

function copy(target: string): {
  ids: number[];
  afterId: number;
  held: number;
  rows: unknown[];
  text: Record<string, number>;
} {
  const cache = new AuditCache(target);
  try {
    const rows = cache.db.prepare('SELECT * FROM audit_events ORDER BY id').all();
    const sync = cache.sync();
    const text: Record<string, number> = {};
    for (const q of [
      'login',
      '"bad password"',
      'ip : ^"10 3"',
      'tags : u7573657235',
      'tags : i31302e33*',
      'tags : g1',
    ]) {
      text[q] =
        cache.db
          .prepare<[string], { n: number }>('SELECT count(*) AS n FROM audit_text WHERE audit_text MATCH ?')
          .get(q)?.n ?? -1;
    }
    return {
      ids: rows.map((r) => (r as { id: number }).id),
      afterId: sync.afterId,
      held: sync.eventsHeld,
      rows,
      text,
    };
  } finally {
    cache.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a cursor sync written by the worker thread', { timeout: 60_000 }, () => {
  it('makes the same copy as one written on the main thread, chain checked', async () => {
    expect(await sync(file)).toBe(EVENTS);
    expect(log.lines.map((l) => l.message)).toContain('audit: pages written by a worker thread');
    const other = path.join(folder, 'main-thread.sqlite');
    gate = () => Promise.resolve();
    expect(await sync(other, { writeWorker: false })).toBe(EVENTS);
    const ours = copy(file);
    expect(ours.ids).toEqual(range(1, EVENTS));
    expect(ours).toEqual(copy(other));
    expect(ours.text['login']).toBe(EVENTS);
    const cache = new AuditCache(file);
    try {
      expect(cache.breaks(10)).toEqual([]);
      expect(cache.chainPoint()).toMatchObject({ checkedThroughId: EVENTS, verifiedThroughId: EVENTS });
    } finally {
      cache.close();
    }
  });

  it('stops at the page before one it cannot write, and the next run resumes exactly', async () => {
    const refused = CURSOR_PAGE * 4 + 17; // in the fifth page, well after the worker took over
    const cache = new AuditCache(file);
    cache.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON audit_events WHEN NEW.id = ${refused}
      BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    cache.close();
    await expect(sync(file)).rejects.toThrow('refused for the test');
    expect(log.lines.map((l) => l.message)).toContain('audit: pages written by a worker thread');
    const partial = copy(file);
    expect(partial.ids).toEqual(range(1, CURSOR_PAGE * 4));
    expect(partial).toMatchObject({ afterId: CURSOR_PAGE * 4, held: CURSOR_PAGE * 4 });

    const again = new AuditCache(file);
    again.db.exec('DROP TRIGGER refuse');
    again.close();
    expect(await sync(file)).toBe(EVENTS - CURSOR_PAGE * 4);
    expect(copy(file).ids).toEqual(range(1, EVENTS));
  });

  it('never writes a page after one that failed on the main thread, though the worker is up', async () => {
    // Page 2 is written on the main thread (the worker is not up yet) and fails; page 3 is
    // served only once the worker is up. Nothing may land after the failed page.
    const refused = CURSOR_PAGE + 5;
    const cache = new AuditCache(file);
    cache.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON audit_events WHEN NEW.id = ${refused}
      BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    cache.close();
    gate = (page) => (page >= 3 ? workerReady() : Promise.resolve());
    await expect(sync(file)).rejects.toThrow('refused for the test');
    expect(copy(file)).toMatchObject({ ids: range(1, CURSOR_PAGE), afterId: CURSOR_PAGE, held: CURSOR_PAGE });
  });

  it('writes nothing once a stop has ended the run, and resumes exactly', async () => {
    const stop = new AbortController();
    gate = async (page) => {
      if (page >= 2) await workerReady();
      if (page === 6) stop.abort();
    };
    await expect(sync(file, { signal: stop.signal })).rejects.toMatchObject({ details: { cancelled: true } });
    const stopped = copy(file);
    expect(stopped.ids).toEqual(range(1, stopped.afterId));
    expect(stopped.held).toBe(stopped.afterId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(copy(file)).toEqual(stopped);

    gate = () => Promise.resolve();
    await sync(file);
    expect(copy(file).ids).toEqual(range(1, EVENTS));
  });
});
