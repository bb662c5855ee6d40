import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditFilter, AuditRow } from '../../shared/domain/audit-query';
import { AuditCache, type CopiedEvent } from './audit-cache';
import { CHAIN_START, ChainVerifier } from './audit-chain';
import { AuditQueries, type AuditOrder } from './audit-query';
import { chainedEvents, type EventSeed } from './audit-test-events';
import { ftsQuery } from './audit-text';

let folder: string;
let cache: AuditCache;
let queries: AuditQueries;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-query-'));
  cache = new AuditCache(path.join(folder, 'local.sqlite'));
  queries = new AuditQueries(cache);
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function load(events: CopiedEvent[]): void {
  const verifier = new ChainVerifier(CHAIN_START, false);
  for (const event of events) verifier.check({ ...event, extra: undefined });
  const last = events[events.length - 1];
  cache.writeCursorPage(events, last?.id ?? 0, verifier.current, []);
}

/** Every row of a filter, window by window; fails on a repeat. */
function walk(filter: AuditFilter, order: AuditOrder, limit: number): AuditRow[] {
  const seen: AuditRow[] = [];
  let after: { timestamp: string; id: number } | null = null;
  for (let windows = 0; windows < 10_000; windows += 1) {
    const window = queries.window(filter, order, after, limit);
    expect(window.total === null).toBe(after !== null);
    seen.push(...window.rows);
    if (window.next === null) break;
    after = window.next;
  }
  expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
  return seen;
}

describe('keyset windows', () => {
  // 250 events over 20 distinct times: long runs of equal timestamps, ids not in time order.
  const seeds: EventSeed[] = Array.from({ length: 250 }, (_, i) => ({
    id: i + 1,
    timestamp: new Date(Date.UTC(2026, 0, 1) + ((i * 7) % 20) * 60_000).toISOString(),
    outcome: i % 3 === 0 ? 'failure' : 'success',
  }));

  beforeEach(() => load(chainedEvents(seeds)));

  const byTime = (a: AuditRow, b: AuditRow) => a.timestamp.localeCompare(b.timestamp) || a.id - b.id;

  for (const order of ['newest', 'oldest'] as const) {
    for (const limit of [1, 7, 100, 250, 1000]) {
      it(`reach every row exactly once, ${order} first, ${limit} at a time`, () => {
        const rows = walk({}, order, limit);
        const expected = [...rows].sort(byTime);
        if (order === 'newest') expected.reverse();
        expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        expect(rows).toHaveLength(250);
      });
    }
  }

  it('reach every match of a filter exactly once, with its total', () => {
    const first = queries.window({ outcome: 'failure' }, 'newest', null, 10);
    expect(first.total).toBe(84);
    const rows = walk({ outcome: 'failure' }, 'oldest', 9);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      seeds.filter((s) => s.outcome === 'failure').map((s) => s.id),
    );
  });

  it('reach the last row of a time range exactly once', () => {
    const from = new Date(Date.UTC(2026, 0, 1, 0, 5)).toISOString();
    const to = new Date(Date.UTC(2026, 0, 1, 0, 9)).toISOString();
    const rows = walk({ from, to }, 'newest', 11);
    const expected = seeds.filter((s) => (s.timestamp ?? '') >= from && (s.timestamp ?? '') <= to);
    expect(rows).toHaveLength(expected.length);
    expect(queries.window({ from, to }, 'oldest', null, 5).total).toBe(expected.length);
  });
});

describe('free text', () => {
  const texts = [
    'NEAR(alpha beta)',
    'alpha OR beta',
    'NOT gamma',
    '"quoted" words',
    'a*b star',
    'col:value',
    "it's",
    'x - y',
    '^caret',
    '{username}: user3',
    'bad_password',
    'Ünïcödé café',
  ];

  beforeEach(() =>
    load(
      chainedEvents(
        texts.map((note, i) => ({
          id: i + 1,
          username: i === 1 ? 'near' : `person${i}`,
          details: { note },
        })),
      ),
    ),
  );

  const idsFor = (text: string) => walk({ text }, 'oldest', 50).map((r) => r.id);

  it('turns every word into a quoted string, so operators are searched, never obeyed', () => {
    expect(ftsQuery('alpha OR beta')).toEqual(['"alpha"', '"OR"', '"beta"']);
    expect(ftsQuery('say "hi"')).toEqual(['"say"', '"""hi"""']);
    expect(ftsQuery('adm*')).toEqual(['"adm"*']);
    expect(ftsQuery('* ** " ( ) : ^ -')).toEqual([]);
  });

  it('never breaks on what an administrator may type', () => {
    const nasty = [
      ...texts,
      '"',
      '""""',
      "'",
      '*',
      '**',
      'a**',
      '(',
      ')',
      'AND',
      'OR OR',
      'NEAR',
      'NEAR(',
      'a NEAR/2 b',
      ':',
      'username:',
      '^',
      '+',
      '-',
      '\u0000',
      'tab\there',
      '\u{1F600}',
      'x'.repeat(500),
      'u757365723',
    ];
    for (const text of nasty) expect(() => queries.window({ text }, 'newest', null, 10), text).not.toThrow();
  });

  it('finds the words as words', () => {
    expect(idsFor('NEAR(alpha beta)')).toEqual([1]);
    expect(idsFor('alpha OR beta')).toEqual([2]); // all three words, in one event
    expect(idsFor('NOT gamma')).toEqual([3]);
    expect(idsFor('near')).toEqual([1, 2]); // the word, and user "near"
    expect(idsFor('bad_password')).toEqual([11]);
    expect(idsFor('password')).toEqual([11]);
    expect(idsFor('cafe')).toEqual([12]); // diacritics folded
    expect(idsFor('qu*')).toEqual([4]);
    expect(idsFor('{username}: user3')).toEqual([10]);
    expect(idsFor('u757365723')).toEqual([]); // a tag token is not free text
  });

  it('finds words in user agents, stored once each, alone and with other words and filters', () => {
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
    const agents = [firefox, 'curl/8.5.0', null, firefox, 'python-requests/2.32.3'];
    load(
      chainedEvents(
        agents.map((user_agent, i) => ({
          id: 100 + i,
          user_agent,
          details: { note: i % 2 === 0 ? 'alpha' : 'beta' },
          outcome: i === 3 ? 'failure' : 'success',
        })),
        cache.head()?.hash ?? undefined,
      ),
    );
    expect(idsFor('firefox')).toEqual([100, 103]);
    expect(idsFor('FIRE*')).toEqual([100, 103]);
    expect(idsFor('x86_64 firefox alpha')).toEqual([100]);
    expect(walk({ text: 'gecko', outcome: 'failure' }, 'newest', 10).map((r) => r.id)).toEqual([103]);
    expect(idsFor('requests')).toEqual([104]);
    expect(idsFor('curl')).toEqual([...texts.map((_, i) => i + 1), 101]);
    expect(queries.event(103)?.user_agent).toBe(firefox);
    expect(queries.event(102)?.user_agent).toBeNull();
    expect(cache.db.prepare('SELECT count(*) AS n FROM audit_agents').get()).toEqual({ n: 3 });
  });

  it('ignores text with nothing to search for, rather than matching nothing', () => {
    expect(queries.window({ text: '*' }, 'newest', null, 50).total).toBe(texts.length);
  });
});
