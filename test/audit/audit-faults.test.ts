import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditStatus } from '../../shared/domain/audit-query';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { environmentDraft, requireKeyring, startConsole, waitFor } from '../session/console-under-test';
import { serverLog } from './audit-helpers';

let platform: RunningPlatform;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({ audit: 100_000 });
});
afterAll(() => platform.stop());

function copiedIds(dataFolder: string): number[] {
  const db = new Database(path.join(dataFolder, 'cache', 'local.sqlite'), { readonly: true });
  try {
    return db
      .prepare<[], { id: number }>('SELECT id FROM audit_events ORDER BY id')
      .all()
      .map((r) => r.id);
  } finally {
    db.close();
  }
}

async function serverIdsThrough(
  newest: number,
): Promise<{ ids: number[]; hashOf: Map<number, string | null> }> {
  const log = (await serverLog(platform.url, platform.password)).filter((e) => e.id <= newest);
  return { ids: log.map((e) => e.id), hashOf: new Map(log.map((e) => [e.id, e.hash])) };
}

describe('a 100,000-event copy', () => {
  it('ends exact under server errors, cut connections and rate limits', async () => {
    const app = await startConsole();
    await app.ok('settings.update', { auditSyncIntervalMinutes: 1440 });
    await app.ok('environments.save', environmentDraft(platform.url));
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: platform.password,
    });
    // Sign-in and its capability probe are done: from here the audit pages fail often.
    platform.setFaults('error500=0.2,reset=0.1,burst429=1:1:8,seed=7,path=/api/v1/audit-logs');
    const status = await app.ok<AuditStatus>('audit.syncNow', { environmentId: 'local' });
    platform.setFaults('');

    expect(status).toMatchObject({
      mode: 'cursor',
      state: 'idle',
      lastError: null,
      chain: { status: 'verified' },
    });
    const retries = app.log.lines.filter((l) => l.message === 'audit: backing off').length;
    expect(retries, 'the faults were met').toBeGreaterThanOrEqual(5);
    const ids = copiedIds(app.dataFolder);
    const server = await serverIdsThrough(ids[ids.length - 1] ?? 0);
    expect(ids).toEqual(server.ids);
    expect(ids.length).toBeGreaterThan(100_000);
    // Every hash was re-computed on arrival and the chain holds; its head is the server's.
    expect(status.chain.headHash).toBe(server.hashOf.get(ids[ids.length - 1] ?? 0));
    await app.stop();
  });

  it('stops at sign-out and resumes exactly at the next sign-in', async () => {
    const app = await startConsole();
    await app.ok('settings.update', { auditSyncIntervalMinutes: 1440 });
    await app.ok('environments.save', environmentDraft(platform.url));
    platform.setFaults('latency=150,path=/api/v1/audit-logs');
    try {
      await app.ok('session.signIn', {
        environmentId: 'local',
        username: 'admin',
        password: platform.password,
      });
      await waitFor(
        () => app.pushes.some((p) => p.name === 'sync.progress' && (p.payload as { done: number }).done > 0),
        30_000,
        'the first pages',
      );
      await app.ok('session.signOut', { environmentId: 'local' });
      await waitFor(
        async () => (await app.ok<AuditStatus>('audit.status', { environmentId: 'local' })).state === 'idle',
        10_000,
        'the sync to stop',
      );
      const stopped = await app.ok<AuditStatus>('audit.status', { environmentId: 'local' });
      expect(stopped.lastError).toBeNull();
      expect(stopped.eventsHeld).toBeGreaterThan(0);
      expect(stopped.eventsHeld).toBeLessThan(100_000);
    } finally {
      platform.setFaults('');
    }
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: platform.password,
    });
    const status = await app.ok<AuditStatus>('audit.syncNow', { environmentId: 'local' });
    const ids = copiedIds(app.dataFolder);
    expect(ids).toEqual((await serverIdsThrough(ids[ids.length - 1] ?? 0)).ids);
    expect(status.chain.status).toBe('verified');
    await app.stop();
  });
});
