import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenRecord } from '../../main/session/token-record';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { call, obj } from '../platform/test-helpers';
import {
  environmentDraft,
  keychainEntries,
  requireKeyring,
  startConsole,
  waitFor,
} from './console-under-test';

let platform: RunningPlatform;
beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({ accessTtlSeconds: 3 });
});
afterAll(() => platform.stop());

/** How many times the platform logged `action` for `username`, read through its own admin API. */
async function auditCount(action: string, username: string): Promise<number> {
  const login = await call(platform.url, 'POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: platform.password },
  });
  const token = String(obj(login.body)['access_token']);
  let afterId = 0;
  let count = 0;
  for (;;) {
    const page = obj(
      (await call(platform.url, 'GET', `/api/v1/audit-logs?after_id=${afterId}&limit=5000`, { token })).body,
    );
    const items = page['items'] as { action: string; username: string | null }[];
    count += items.filter((e) => e.action === action && e.username === username).length;
    if (page['has_more'] !== true) return count;
    afterId = Number(page['next_after_id']);
  }
}

describe('refresh with a 3-second access token', () => {
  it('keeps a run of requests succeeding across several expiries, rotating the refresh token', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(platform.url));
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'alice',
      password: platform.password,
    });
    const firstRecord = parseTokenRecord((await keychainEntries(app.dataFolder))[0]?.password ?? null);
    const refreshedBefore = await auditCount('token_refreshed', 'alice');

    const statuses: number[] = [];
    const end = Date.now() + 8_000;
    while (Date.now() < end) {
      // Bursts of concurrent requests, as screens make them.
      const burst = await Promise.all(
        Array.from({ length: 4 }, () =>
          app.services.sessions.request('local', { method: 'GET', path: '/api/v1/auth/me' }),
        ),
      );
      statuses.push(...burst.map((a) => a.status));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const refreshes = (await auditCount('token_refreshed', 'alice')) - refreshedBefore;
    // 8 s of 3-second tokens: a few refreshes, not one per request.
    expect(refreshes).toBeGreaterThanOrEqual(2);
    expect(refreshes).toBeLessThanOrEqual(6);
    const lastRecord = parseTokenRecord((await keychainEntries(app.dataFolder))[0]?.password ?? null);
    expect(lastRecord?.refreshToken).not.toBe(firstRecord?.refreshToken);
    expect(await keychainEntries(app.dataFolder)).toHaveLength(1);
    await app.stop();
  });

  it('shares one refresh among concurrent requests that all meet a 401', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(platform.url));
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'guest',
      password: platform.password,
    });
    const before = await auditCount('token_refreshed', 'guest');
    // The server's clock jumps ahead: it now considers the access token expired, the console does not.
    platform.advanceClock(60_000);
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          app.services.sessions.request('local', { method: 'GET', path: '/api/v1/auth/me' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    } finally {
      platform.advanceClock(-60_000);
    }
    expect((await auditCount('token_refreshed', 'guest')) - before).toBe(1);
    await app.stop();
  });

  it('signs the user out, deletes the keychain entry and says why when a refresh token was reused', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(platform.url));
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'auditor',
      password: platform.password,
    });
    const stolen = parseTokenRecord(
      (await keychainEntries(app.dataFolder))[0]?.password ?? null,
    )?.refreshToken;
    // Someone uses the refresh token first: the console's own use is then a reuse.
    expect(
      (await call(platform.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: stolen } })).status,
    ).toBe(200);

    await waitFor(
      () =>
        app.pushes.some(
          (p) => p.name === 'session.changed' && (p.payload as { reason: string }).reason === 'revoked',
        ),
      10_000,
      'the session to be revoked',
    );
    const revoked = app.pushes.find((p) => (p.payload as { reason?: string }).reason === 'revoked');
    expect((revoked?.payload as { message: string }).message).toMatch(/used twice/);
    expect(await app.ok('session.list')).toEqual([]);
    expect(await keychainEntries(app.dataFolder)).toEqual([]);
    await expect(
      app.services.sessions.request('local', { method: 'GET', path: '/api/v1/auth/me' }),
    ).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    await app.stop();
  });
});
