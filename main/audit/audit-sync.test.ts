import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import { MemoryLogger } from '../log/logger';
import { AuditCache, type CopiedEvent } from './audit-cache';
import type { AuditGet } from './audit-fetch';
import { runSync, type SyncRunOptions } from './audit-sync';
import { chainedEvents } from './audit-test-events';

/** A log on a pretend server: both APIs, and a hook run before each page is served. */
class FakeServer {
  events: CopiedEvent[] = [];
  pages = 0;
  beforePage: (page: number) => void = () => undefined;

  /** `count` more events; `spacingMs` apart, ending now, when given (else the fixture's times). */
  add(count: number, spacingMs?: number): void {
    const last = this.events[this.events.length - 1];
    const first = (last?.id ?? 0) + 1;
    const now = Date.now();
    const seeds = Array.from({ length: count }, (_, i) => ({
      id: first + i,
      ...(spacingMs === undefined
        ? {}
        : { timestamp: new Date(now - (count - 1 - i) * spacingMs).toISOString() }),
    }));
    this.events.push(...chainedEvents(seeds, last?.hash ?? undefined));
  }

  get: AuditGet = (urlPath, query, schema) => {
    this.pages += 1;
    this.beforePage(this.pages);
    const wire = (e: CopiedEvent) => {
      const { extra: _extra, ...rest } = e;
      return rest;
    };
    let body: unknown;
    if (urlPath === '/api/v1/audit-logs') {
      const afterId = Number(query['after_id']);
      const limit = Number(query['limit']);
      const since = query['since'] === undefined ? 0 : Date.parse(String(query['since']));
      const rest = this.events.filter((e) => e.id > afterId && Date.parse(e.timestamp) >= since);
      const items = rest.slice(0, limit).map(wire);
      body = { items, next_after_id: items[items.length - 1]?.id ?? afterId, has_more: rest.length > limit };
    } else {
      const skip = Number(query['skip']);
      const limit = Number(query['limit']);
      const newestFirst = [...this.events].reverse().slice(skip, skip + limit);
      body = {
        audit_logs: newestFirst.map((e) => ({
          id: e.id,
          user_id: e.user_id,
          username: e.username,
          action: e.action,
          resource: e.resource,
          ip_address: e.ip_address,
          timestamp: e.timestamp.replace('Z', '000'), // zoneless, microseconds, as §7 sends them
        })),
      };
    }
    return Promise.resolve({ data: schema.parse(body), bytes: null });
  };
}

class Crash extends Error {}

let folder: string;
let file: string;
let server: FakeServer;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-sync-'));
  file = path.join(folder, 'local.sqlite');
  server = new FakeServer();
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

async function sync(mode: 'cursor' | 'legacy', extra: Partial<SyncRunOptions> = {}): Promise<number> {
  const cache = new AuditCache(file);
  try {
    return await runSync({
      environmentId: 'local',
      cache,
      get: server.get,
      mode,
      server: 'http://fake',
      signal: new AbortController().signal,
      retry: { attempts: 3, baseMs: 1, maxMs: 5, random: () => 0.5 },
      log: new MemoryLogger(),
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

function heldIds(): number[] {
  const cache = new AuditCache(file);
  try {
    const ids = cache.db
      .prepare<[], { id: number }>('SELECT id FROM audit_events ORDER BY id')
      .all()
      .map((r) => r.id);
    expect(cache.sync().eventsHeld).toBe(ids.length);
    return ids;
  } finally {
    cache.close();
  }
}

const serverIds = () => server.events.map((e) => e.id);

describe('a sync that is stopped half-way', () => {
  for (const mode of ['cursor', 'legacy'] as const) {
    it(`resumes exactly in ${mode} mode, while new events arrive at the head`, async () => {
      server.add(12_345);
      server.beforePage = (page) => {
        if (page === 2) server.add(777); // arrivals while paging
        if (page === 3) throw new Crash('killed'); // the process dies before the third page lands
      };
      await expect(sync(mode)).rejects.toBeInstanceOf(Crash);
      const partial = heldIds();
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(server.events.length);

      server.beforePage = (page) => {
        if (page % 4 === 0) server.add(50);
      };
      await sync(mode);
      await sync(mode); // picks up what arrived during the last run
      expect(heldIds()).toEqual(serverIds());
    });
  }

  it('writes a page and its cursor together or not at all', () => {
    server.add(10);
    const cache = new AuditCache(file);
    try {
      const events = server.events.map((e) => (e.id === 7 ? { ...e, timestamp: 'not a time' } : e));
      expect(() => cache.writeCursorPage(events, 10, cache.chainPoint(), [])).toThrow();
      expect(cache.sync().afterId).toBe(0);
      expect(cache.sync().eventsHeld).toBe(0);
      expect(cache.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 0 });
    } finally {
      cache.close();
    }
  });
});

describe('a sync against a flaky server', () => {
  it('retries server errors and rate limits, then ends exact', async () => {
    server.add(11_000);
    const waits: boolean[] = [];
    server.beforePage = (page) => {
      if (page % 2 === 0) throw new OppError('UPSTREAM', 'HTTP 500', { retryable: true });
      if (page % 5 === 0) throw new OppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 0 });
    };
    await sync('cursor', {
      backingOff: (w) => waits.push(w),
      retry: { attempts: 10, baseMs: 1, maxMs: 5, random: () => 0.5 },
    });
    expect(heldIds()).toEqual(serverIds());
    expect(waits.filter(Boolean).length).toBeGreaterThan(2);
  });

  it("gives up at once on a failure that is not the server's trouble", async () => {
    server.add(10);
    server.beforePage = () => {
      throw new OppError('FORBIDDEN', 'no');
    };
    await expect(sync('cursor')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(server.pages).toBe(1);
  });
});

describe('a horizon', () => {
  for (const mode of ['cursor', 'legacy'] as const) {
    it(`copies only the last days, checks the chain from there, and drops what ages out (${mode})`, async () => {
      server.add(5000, 3 * 60_000); // ten and a half days, one event every three minutes
      const day = 24 * 3600_000;
      const setHorizon = (days: number) => {
        const cache = new AuditCache(file);
        cache.setHorizon(days);
        cache.close();
      };
      setHorizon(3);
      await sync(mode);
      const recent = (days: number) =>
        server.events.filter((e) => Date.parse(e.timestamp) >= Date.now() - days * day).map((e) => e.id);
      const held = heldIds();
      expect(held.length).toBeGreaterThan(0);
      // Events turning three days old during the run may or may not be kept: compare the rest.
      expect(held.filter((id) => recent(2.99).includes(id))).toEqual(recent(2.99));
      expect(Math.min(...held)).toBeGreaterThanOrEqual(Math.min(...recent(3.01)));

      setHorizon(1);
      await sync(mode);
      expect(Math.min(...heldIds())).toBeGreaterThanOrEqual(Math.min(...recent(1.01)));
      const cache = new AuditCache(file);
      try {
        expect(cache.breaks(10)).toEqual([]);
        if (mode === 'cursor')
          expect(cache.chainPoint()).toMatchObject({ anchored: true, checkedThroughId: 5000 });
      } finally {
        cache.close();
      }
    });
  }
});

describe('legacy copies', () => {
  it('read zoneless times as UTC and match the cursor copy field for field', async () => {
    server.add(2500);
    await sync('legacy');
    const cache = new AuditCache(file);
    try {
      const rows = cache.db
        .prepare<[], { id: number; timestamp: string; username: string | null }>(
          'SELECT id, timestamp, username FROM audit_events ORDER BY id',
        )
        .all();
      expect(rows.map((r) => r.timestamp)).toEqual(server.events.map((e) => e.timestamp));
      expect(rows.map((r) => r.username)).toEqual(server.events.map((e) => e.username));
    } finally {
      cache.close();
    }
  });
});
