import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditCache, type CopiedEvent } from './audit-cache';
import { CHAIN_START } from './audit-chain';
import { listSavedQueries, saveQuery } from './audit-saved';
import { chainedEvents, type EventSeed } from './audit-test-events';
import { detailsText, eventTags } from './audit-text';

let folder: string;
let cache: AuditCache;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-writer-'));
  cache = new AuditCache(path.join(folder, 'local.sqlite'));
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const SEEDS: EventSeed[] = [
  { id: 1 },
  {
    id: 2,
    username: 'Ünïcødé.Üser',
    ip_address: '2001:DB8::1',
    user_agent: 'Mozilla/5.0 (X11) Firefox/128.0',
  },
  { id: 3, username: null, outcome: null, resource: null, ip_address: null, user_agent: null, details: null },
  { id: 4, username: '', resource: '', ip_address: '', user_agent: '', action: 'x' },
  {
    id: 5,
    username: '用户 名',
    action: 'role_updated',
    details: { changes: { role: { from: 'a', to: 'b' } }, n: [1, 2.5, true] },
  },
  { id: 6, username: 'lone\ud800surrogate', details: { note: 'half \udc00 pair', '10': 'ten', '9': null } },
  {
    id: 7,
    username: 'quote"back\\slash',
    ip_address: '10.20.3.4',
    details: { reason: 'bad_password', failed_attempts: 4 },
  },
  {
    id: 8,
    username: 'tab\there',
    resource: 'user',
    outcome: 'failure',
    user_agent: 'curl/8.5.0',
    details: { deep: { a: { b: { c: 'd' } } } },
  },
];

/** Every token the FTS index holds, by column and position (fts5vocab over the contentless table). */
function tokens(db: AuditCache['db'], table: string): unknown[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_vocab USING fts5vocab(main, ${table}, instance)`);
  return db
    .prepare(`SELECT term, doc, col, offset FROM temp.${table}_vocab ORDER BY doc, col, offset, term`)
    .all();
}

describe('the copy’s free-text and tag index', () => {
  it('holds the same tokens as the values and tags built in JavaScript would give', () => {
    const events: CopiedEvent[] = chainedEvents(SEEDS).map((e, i) =>
      i === 3 ? { ...e, resource_id: '42' } : i === 4 ? { ...e, resource_id: 'r-1' } : e,
    );
    cache.writeCursorPage(events, 8, { ...CHAIN_START, checkedThroughId: 8 }, []);

    // The reference: the same FTS table, filled one event at a time with the values computed
    // here (as the writer did before it let SQLite read them from the row).
    cache.db.exec(`CREATE VIRTUAL TABLE reference USING fts5(username, action, resource, ip, details, tags,
      content = '', contentless_delete = 1)`);
    const insert = cache.db.prepare(
      'INSERT INTO reference (rowid, username, action, resource, ip, details, tags) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const rows = cache.db
      .prepare<[], { k: number; id: number; agent: number | null }>(
        'SELECT k, id, agent FROM audit_events ORDER BY id',
      )
      .all();
    for (const row of rows) {
      const e = events.find((x) => x.id === row.id) as CopiedEvent;
      insert.run(
        row.k,
        e.username,
        e.action,
        e.resource_id === null ? e.resource : `${e.resource ?? ''} ${e.resource_id}`,
        e.ip_address,
        e.details === null ? null : detailsText(e.details),
        eventTags(e, row.agent),
      );
    }
    const ours = tokens(cache.db, 'audit_text');
    expect(ours.length).toBeGreaterThan(100);
    expect(ours).toEqual(tokens(cache.db, 'reference'));
  });
});

describe('the cache file', () => {
  it('is made with 16 KiB pages, and an older 4 KiB file works as it is until its copy is reset', () => {
    expect(cache.db.pragma('page_size', { simple: true })).toBe(16384);
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');

    const older = path.join(folder, 'older.sqlite');
    const made = new AuditCache(older);
    made.db.pragma('journal_mode = DELETE');
    made.db.pragma('page_size = 4096');
    made.db.exec('VACUUM');
    made.close();
    const copy = new AuditCache(older);
    try {
      expect(copy.db.pragma('page_size', { simple: true })).toBe(4096);
      const events = chainedEvents(SEEDS);
      copy.writeCursorPage(events, 8, { ...CHAIN_START, checkedThroughId: 8 }, []);
      saveQuery(copy.db, 'kept', { outcome: 'failure' }, '2026-11-27T00:00:00.000Z');
      copy.reset('cursor', 'http://other');
      expect(copy.db.pragma('page_size', { simple: true })).toBe(16384);
      expect(copy.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(copy.sync()).toMatchObject({ mode: 'cursor', afterId: 0, eventsHeld: 0 });
      expect(listSavedQueries(copy.db).map((q) => q.name)).toEqual(['kept']);
      copy.writeCursorPage(events, 8, { ...CHAIN_START, checkedThroughId: 8 }, []);
      expect(copy.sync().eventsHeld).toBe(8);
    } finally {
      copy.close();
    }
  });

  it('keeps its pages when another connection holds it during a reset', () => {
    const older = path.join(folder, 'older.sqlite');
    const made = new AuditCache(older);
    made.db.pragma('journal_mode = DELETE');
    made.db.pragma('page_size = 4096');
    made.db.exec('VACUUM');
    made.close();
    const copy = new AuditCache(older);
    const reader = new Database(older, { readonly: true });
    try {
      reader.prepare('SELECT count(*) FROM audit_events').get();
      // The journal mode cannot change while the reader holds the file: the reset goes on.
      expect(() => copy.reset('legacy', 'http://other')).not.toThrow();
      expect(copy.sync().mode).toBe('legacy');
      expect(copy.db.pragma('page_size', { simple: true })).toBe(4096);
      expect(copy.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reader.close();
      copy.close();
    }
  });
});
