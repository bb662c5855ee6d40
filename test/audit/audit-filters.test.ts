import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/domain/audit';
import type { AuditFilter, AuditStatus, AuditWindow } from '../../shared/domain/audit-query';
import { startPlatform, type RunningPlatform } from '../platform/index';
import {
  environmentDraft,
  requireKeyring,
  startConsole,
  type ConsoleUnderTest,
} from '../session/console-under-test';
import { serverLog } from './audit-helpers';
import { expectedIds } from './audit-oracle';

const env = 'local';
let platform: RunningPlatform;
let app: ConsoleUnderTest;
let log: AuditEvent[];
let status: AuditStatus;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({ users: 200, audit: 20_000 });
  app = await startConsole();
  // One sync in this file, the one at sign-in: a later tick would copy the test's own sign-ins.
  await app.ok('settings.update', { auditSyncIntervalMinutes: 1440 });
  await app.ok('environments.save', environmentDraft(platform.url));
  await app.ok('session.signIn', { environmentId: env, username: 'auditor', password: platform.password });
  status = await app.ok<AuditStatus>('audit.syncNow', { environmentId: env });
  // The server's log as the test reads it, up to what the copy holds (the test's own sign-in comes after).
  log = (await serverLog(platform.url, platform.password)).filter((e) => e.id <= status.eventsHeld);
});
afterAll(async () => {
  await app.stop();
  await platform.stop();
});

/** Every id a filter yields, window after window, newest first. */
async function idsOf(filter: AuditFilter, order: 'newest' | 'oldest' = 'newest', limit = 1000) {
  const ids: number[] = [];
  let after: AuditWindow['next'] = null;
  let total: number | null = null;
  do {
    const window: AuditWindow = await app.ok('audit.query', {
      environmentId: env,
      filter,
      order,
      after,
      limit,
    });
    if (after === null) total = window.total;
    ids.push(...window.rows.map((r) => r.id));
    after = window.next;
  } while (after !== null);
  return { ids, total };
}

function mostFrequent(pick: (e: AuditEvent) => string | null, n: number): string[] {
  const counts = new Map<string, number>();
  for (const e of log) {
    const value = pick(e);
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([value]) => value);
}

describe('the copy of a full server', () => {
  it('holds the whole log, verified', () => {
    expect(status).toMatchObject({ mode: 'cursor', state: 'idle', lastError: null });
    expect(status.chain).toMatchObject({
      status: 'verified',
      breaks: [],
      verifiedThroughId: status.eventsHeld,
    });
    expect(status.eventsHeld).toBe(log.length);
    expect(log.length).toBeGreaterThan(20_000);
  });

  it('answers every filter and free text with exactly the events an independent check finds', async () => {
    const [user1, user2] = mostFrequent((e) => e.username, 2);
    const middle = log[Math.floor(log.length / 2)] as AuditEvent;
    const from = new Date(Date.parse(middle.timestamp) - 5 * 24 * 3600_000).toISOString();
    const to = new Date(Date.parse(middle.timestamp) + 5 * 24 * 3600_000).toISOString();
    const filters: AuditFilter[] = [
      {},
      { outcome: 'failure' },
      { actions: ['login_failed', 'account_locked'] },
      { usernames: [user1 ?? 'admin', user2 ?? 'alice'] },
      { resource: 'role' },
      { ipPrefix: '10.20.' },
      { ipPrefix: '198.51.100.1' },
      { ipPrefix: '192.168.3' },
      { text: 'curl' },
      { text: 'bad_password' },
      { text: 'Firefox' },
      { text: 'project*' },
      { text: 'locked' },
      { text: 'Chrome Windows', outcome: 'success' },
      { from, to },
      { from },
      { usernames: [user1 ?? 'admin'], actions: ['login_success'], from, to },
      { resource: 'auth', ipPrefix: '203.0.113.', outcome: 'failure' },
      { text: 'NEAR OR "password"' },
      { text: 'unknown_user', to },
    ];
    for (const filter of filters) {
      const expected = expectedIds(log, filter);
      const got = await idsOf(filter);
      expect(got.ids, JSON.stringify(filter)).toEqual(expected);
      expect(got.total, JSON.stringify(filter)).toBe(expected.length);
    }
    // The filters are not vacuous: most match something, none matches everything.
    const sizes = filters.map((f) => expectedIds(log, f).length);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(filters.length - 1);
  });

  it('pages oldest first through the same events in the other order', async () => {
    const filter: AuditFilter = { text: 'mozilla' };
    const oldest = await idsOf(filter, 'oldest', 333);
    expect(oldest.ids).toEqual(expectedIds(log, filter).reverse());
  });

  it('counts the filtered events over time', async () => {
    const filter: AuditFilter = { outcome: 'failure', text: 'password' };
    const histogram = await app.ok<{ bucketMs: number; buckets: { start: string; count: number }[] }>(
      'audit.histogram',
      { environmentId: env, filter, buckets: 90 },
    );
    expect(histogram.buckets.length).toBeLessThanOrEqual(90);
    expect(histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(expectedIds(log, filter).length);
  });

  it('shows one event with its chain mark', async () => {
    const sample = log[1234] as AuditEvent;
    expect(await app.ok('audit.event', { environmentId: env, id: sample.id })).toEqual({
      ...sample,
      chain: 'verified',
    });
    expect(await app.ok('audit.event', { environmentId: env, id: 99_999_999 })).toBeNull();
  });

  it("exports the filter to CSV and JSON with a manifest whose hash is the file's", async () => {
    const filter: AuditFilter = { actions: ['user_deleted', 'user_deactivated'] };
    const expected = expectedIds(log, filter).reverse();
    for (const format of ['csv', 'json'] as const) {
      const file = path.join(app.dataFolder, `export.${format}`);
      app.dialogAnswers.push(file);
      const report = await app.ok<{ file: string; manifestFile: string; count: number; sha256: string }>(
        'audit.export',
        { environmentId: env, filter, format },
      );
      const bytes = fs.readFileSync(file);
      expect(report).toMatchObject({ file, manifestFile: `${file}.manifest.json`, count: expected.length });
      expect(report.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const manifest = JSON.parse(fs.readFileSync(report.manifestFile, 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({
        sha256: report.sha256,
        count: expected.length,
        filter,
        first: { id: expected[0] },
        last: { id: expected[expected.length - 1] },
        chainHead: { id: status.eventsHeld, hash: log[log.length - 1]?.hash },
      });
      if (format === 'json') {
        expect((JSON.parse(bytes.toString('utf8')) as { id: number }[]).map((r) => r.id)).toEqual(expected);
      } else {
        expect(
          bytes
            .toString('utf8')
            .split('\r\n')
            .filter((line) => /^\d+,/.test(line)),
        ).toHaveLength(expected.length);
      }
    }
    expect(await app.ok('audit.export', { environmentId: env, filter, format: 'csv' })).toEqual({
      file: null,
      manifestFile: null,
      count: 0,
      sha256: null,
    });
  });

  it('keeps working offline: filters, search, detail, export and saved queries', async () => {
    const filter: AuditFilter = { text: 'curl', outcome: 'success' };
    await app.ok('audit.saveQuery', { environmentId: env, name: 'curl users', filter });
    const online = await idsOf(filter);
    await platform.stop();

    expect(await idsOf(filter)).toEqual(online);
    expect((await idsOf({ ipPrefix: '10.20.' })).ids).toEqual(expectedIds(log, { ipPrefix: '10.20.' }));
    expect(await app.ok('audit.savedQueries', { environmentId: env })).toEqual([
      { name: 'curl users', filter, savedAt: expect.any(String) as string },
    ]);
    expect(await app.ok('audit.event', { environmentId: env, id: online.ids[0] })).toMatchObject({
      id: online.ids[0],
    });
    app.dialogAnswers.push(path.join(app.dataFolder, 'offline.csv'));
    expect(await app.ok('audit.export', { environmentId: env, filter, format: 'csv' })).toMatchObject({
      count: online.ids.length,
    });
    const failed = await app.call('audit.syncNow', { environmentId: env });
    expect(failed).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    const after = await app.ok<AuditStatus>('audit.status', { environmentId: env });
    expect(after).toMatchObject({
      state: 'error',
      eventsHeld: status.eventsHeld,
      lastSyncAt: status.lastSyncAt,
    });
    expect(after.lastError).toMatch(/cannot be reached/);
    expect(await app.ok('audit.deleteQuery', { environmentId: env, name: 'CURL USERS' })).toEqual([]);
  });
});
