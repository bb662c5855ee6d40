import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow, AuditStatus, AuditWindow } from '../../shared/domain/audit-query';
import { startPlatform, type RunningPlatform } from '../platform/index';
import {
  environmentDraft,
  requireKeyring,
  startConsole,
  type ConsoleUnderTest,
} from '../session/console-under-test';
import { legacyLog, serverLog } from './audit-helpers';

const SEEDED = 4000;
let full: RunningPlatform;
let legacy: RunningPlatform;
let tampered: RunningPlatform;

beforeAll(async () => {
  await requireKeyring();
  // No bulk users: then the full and the legacy server seed the very same log.
  [full, legacy, tampered] = await Promise.all([
    startPlatform({ audit: SEEDED }),
    startPlatform({ audit: SEEDED, legacy: true }),
    startPlatform({ audit: 3000, faults: 'tamper=1500' }),
  ]);
});
afterAll(async () => {
  await Promise.all([full.stop(), legacy.stop(), tampered.stop()]);
});

async function consoleWith(servers: Record<string, RunningPlatform>): Promise<ConsoleUnderTest> {
  const app = await startConsole();
  await app.ok('settings.update', { auditSyncIntervalMinutes: 1440 });
  for (const [name, platform] of Object.entries(servers)) {
    await app.ok('environments.save', environmentDraft(platform.url, name));
    await app.ok('session.signIn', { environmentId: name, username: 'admin', password: platform.password });
  }
  return app;
}

async function allRows(app: ConsoleUnderTest, environmentId: string): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  let after: AuditWindow['next'] = null;
  do {
    const window: AuditWindow = await app.ok('audit.query', {
      environmentId,
      filter: {},
      order: 'oldest',
      after,
      limit: 1000,
    });
    rows.push(...window.rows);
    after = window.next;
  } while (after !== null);
  return rows;
}

describe('the audit copy', () => {
  it('is the same through the cursor API and the legacy list, and the same as each server', async () => {
    const app = await consoleWith({ full, legacy });
    const [cursorStatus, legacyStatus] = await Promise.all([
      app.ok<AuditStatus>('audit.syncNow', { environmentId: 'full' }),
      app.ok<AuditStatus>('audit.syncNow', { environmentId: 'legacy' }),
    ]);
    expect(cursorStatus).toMatchObject({ mode: 'cursor', state: 'idle', chain: { status: 'verified' } });
    expect(legacyStatus).toMatchObject({ mode: 'legacy', state: 'idle', chain: { status: 'unchained' } });
    const [viaCursor, viaLegacy] = [await allRows(app, 'full'), await allRows(app, 'legacy')];

    const legacyFields = (r: AuditRow) => ({
      id: r.id,
      user_id: r.user_id,
      username: r.username,
      action: r.action,
      resource: r.resource,
      ip_address: r.ip_address,
      timestamp: r.timestamp,
    });
    const seeded = (rows: AuditRow[]) => rows.filter((r) => r.id <= SEEDED).map(legacyFields);
    expect(seeded(viaLegacy)).toEqual(seeded(viaCursor));
    expect(seeded(viaCursor)).toHaveLength(SEEDED);

    // Each copy against its own server, read independently (its later sign-in event excluded).
    const fullLog = await serverLog(full.url, full.password);
    expect(viaCursor).toEqual(
      fullLog.filter((e) => e.id <= cursorStatus.eventsHeld).map((e) => ({ ...e, chain: 'verified' })),
    );
    const oldLog = await legacyLog(legacy.url, legacy.password);
    expect(viaLegacy.map(legacyFields)).toEqual(
      oldLog
        .filter((e) => e.id <= legacyStatus.eventsHeld)
        .map((e) => ({ ...e, timestamp: new Date(`${e.timestamp}Z`).toISOString() })),
    );
    expect(viaLegacy.every((r) => r.chain === 'unchained' && r.hash === null)).toBe(true);
    await app.stop();
  });

  it('catches a changed event, marks it, and finds it again on a full re-check', async () => {
    const app = await consoleWith({ tampered });
    const status = await app.ok<AuditStatus>('audit.syncNow', { environmentId: 'tampered' });
    const check = (s: AuditStatus) => {
      expect(s.chain.status).toBe('broken');
      expect(s.chain.verifiedThroughId).toBe(1499);
      expect(s.chain.breaks).toEqual([
        {
          id: 1500,
          timestamp: expect.any(String) as string,
          reason: expect.stringMatching(/changed/) as string,
        },
      ]);
    };
    check(status);
    const event = (id: number) => app.ok<AuditRow>('audit.event', { environmentId: 'tampered', id });
    expect((await event(1500)).chain).toBe('broken');
    expect((await event(1500)).ip_address).toBe('203.0.113.250');
    expect((await event(1499)).chain).toBe('verified');
    expect((await event(1501)).chain).toBe('verified');

    app.pushes.length = 0;
    check(await app.ok<AuditStatus>('audit.verify', { environmentId: 'tampered' }));
    const progress = app.pushes.filter(
      (p) => p.name === 'sync.progress' && (p.payload as { task: string }).task === 'audit_verify',
    );
    expect(progress.at(-1)?.payload).toMatchObject({ finished: true, done: status.eventsHeld });
    await app.stop();
  });

  it('says why it cannot sync without a session, and reads nothing it does not hold', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(full.url));
    expect(await app.ok('audit.status', { environmentId: 'local' })).toMatchObject({
      mode: null,
      state: 'never',
      eventsHeld: 0,
    });
    expect(await app.call('audit.syncNow', { environmentId: 'local' })).toEqual({
      ok: false,
      error: { code: 'AUTH_REQUIRED', message: 'Sign in to copy new events; the local copy stays readable.' },
    });
    expect(
      await app.ok('audit.query', {
        environmentId: 'local',
        filter: {},
        order: 'newest',
        after: null,
        limit: 10,
      }),
    ).toEqual({ rows: [], next: null, total: 0 });
    expect(await app.call('audit.status', { environmentId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await app.stop();
  });

  it('copies at sign-in by itself, pushes progress, and goes with its environment', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(full.url));
    await app.ok('session.signIn', { environmentId: 'local', username: 'admin', password: full.password });
    const file = path.join(app.dataFolder, 'cache', 'local.sqlite');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const status = await app.ok<AuditStatus>('audit.status', { environmentId: 'local' });
      if (status.lastSyncAt !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const status = await app.ok<AuditStatus>('audit.status', { environmentId: 'local' });
    expect(status.eventsHeld).toBeGreaterThan(SEEDED);
    const finished = app.pushes.find(
      (p) => p.name === 'sync.progress' && (p.payload as { finished: boolean }).finished,
    );
    expect(finished?.payload).toMatchObject({
      environmentId: 'local',
      task: 'audit_sync',
      done: status.eventsHeld,
    });
    expect(app.pushes).toContainEqual({
      name: 'cache.invalidated',
      payload: { environmentId: 'local', scope: 'audit' },
    });
    expect(fs.existsSync(file)).toBe(true);

    await app.ok('environments.delete', { id: 'local' });
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('local.'))).toEqual([]);
    await app.stop();
  });
});
