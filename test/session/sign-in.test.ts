import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenRecord } from '../../main/session/token-record';
import type { Session } from '../../shared/domain/session';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { call } from '../platform/test-helpers';
import { environmentDraft, keychainEntries, requireKeyring, startConsole } from './console-under-test';

let platform: RunningPlatform;
beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({});
});
afterAll(() => platform.stop());

describe('sign-in against the reference platform with the real keychain', () => {
  it('stores exactly one keychain entry, and the renderer gets no token', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(platform.url));
    expect(await keychainEntries(app.dataFolder)).toEqual([]);

    const answer = await app.call('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: platform.password,
    });
    expect(answer.ok).toBe(true);
    const session = (answer as { data: Session }).data;
    expect(session).toMatchObject({ username: 'admin', role: 'admin', memoryOnly: false });
    expect(session.permissions).toContain('manage_users');
    expect(session.capabilities).toEqual(
      expect.arrayContaining([
        'refresh',
        'user_admin',
        'roles_api',
        'audit_cursor',
        'audit_hash_chain',
        'health_comprehensive',
      ]),
    );

    const entries = await keychainEntries(app.dataFolder);
    expect(entries).toHaveLength(1);
    const record = parseTokenRecord(entries[0]?.password ?? null);
    expect(record?.refreshToken).toEqual(expect.any(String));
    // Nothing the renderer received carries either token.
    const everything = JSON.stringify([
      answer,
      await app.call('session.list'),
      await app.call('environments.list'),
      app.pushes,
    ]);
    expect(everything).not.toContain(record?.accessToken);
    expect(everything).not.toContain(record?.refreshToken);
    await app.stop();
  });

  it('restores the session after a restart without asking, and signing out ends it on the server', async () => {
    const first = await startConsole();
    await first.ok('environments.save', environmentDraft(platform.url));
    await first.ok('session.signIn', {
      environmentId: 'local',
      username: 'alice',
      password: platform.password,
    });
    const stored = parseTokenRecord((await keychainEntries(first.dataFolder))[0]?.password ?? null);
    await first.stop();

    const second = await startConsole({ dataFolder: first.dataFolder });
    const sessions = await second.ok<Session[]>('session.list');
    expect(sessions.map((s) => [s.environmentId, s.username, s.role])).toEqual([['local', 'alice', 'user']]);
    const me = await second.services.sessions.request('local', { method: 'GET', path: '/api/v1/auth/me' });
    expect(me.status).toBe(200);
    // Restoring rotated the refresh token: the one stored before the restart is spent.
    const restored = parseTokenRecord((await keychainEntries(second.dataFolder))[0]?.password ?? null);
    expect(restored?.refreshToken).not.toBe(stored?.refreshToken);

    await second.ok('session.signOut', { environmentId: 'local' });
    expect(await keychainEntries(second.dataFolder)).toEqual([]);
    expect(await second.ok('session.list')).toEqual([]);
    const reuse = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: restored?.refreshToken },
    });
    expect(reuse.status).toBe(401);
    await second.stop();
  });

  it('a session whose refresh token no longer works is not restored, and its entry is removed', async () => {
    const first = await startConsole();
    await first.ok('environments.save', environmentDraft(platform.url));
    await first.ok('session.signIn', {
      environmentId: 'local',
      username: 'alice',
      password: platform.password,
    });
    const stored = parseTokenRecord((await keychainEntries(first.dataFolder))[0]?.password ?? null);
    await first.stop();
    // Someone else ends the family meanwhile (an administrator's logout of that session).
    expect(
      (
        await call(platform.url, 'POST', '/api/v1/auth/logout', {
          body: { refresh_token: stored?.refreshToken },
        })
      ).status,
    ).toBe(204);

    const second = await startConsole({ dataFolder: first.dataFolder });
    expect(await second.ok('session.list')).toEqual([]);
    expect(await keychainEntries(second.dataFolder)).toEqual([]);
    expect(second.pushes).toContainEqual({
      name: 'session.changed',
      payload: expect.objectContaining({ environmentId: 'local', reason: 'revoked' }),
    });
    await second.stop();
  });

  it('names each sign-in failure: wrong password, locked account, too many requests', async () => {
    const locking = await startPlatform({});
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(locking.url));
    const wrong = await app.call('session.signIn', {
      environmentId: 'local',
      username: 'alice',
      password: 'Wrong-password-1!',
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'AUTH_REQUIRED', message: 'The username or password is wrong.' },
    });

    let last = wrong;
    for (let attempt = 2; attempt <= 5; attempt += 1) {
      last = await app.call('session.signIn', {
        environmentId: 'local',
        username: 'alice',
        password: 'Wrong-password-1!',
      });
    }
    expect(last).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'account_locked' } },
    });
    const lockedUntil = Date.parse(
      (last as { error: { details: { lockedUntil: string } } }).error.details.lockedUntil,
    );
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    // Even the right password is refused while locked, with the same reason.
    const right = await app.call('session.signIn', {
      environmentId: 'local',
      username: 'alice',
      password: locking.password,
    });
    expect(right).toMatchObject({ ok: false, error: { details: { reason: 'account_locked' } } });

    locking.setFaults('burst429=1:7');
    const limited = await app.call('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: locking.password,
    });
    expect(limited).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 7 } },
    });
    expect(await keychainEntries(app.dataFolder)).toEqual([]);
    await app.stop();
    await locking.stop();
  });

  it('says so when the server is down or is not an OPP platform', async () => {
    const app = await startConsole();
    const down = await startPlatform({});
    await app.ok('environments.save', environmentDraft(down.url));
    await down.stop();
    const offline = await app.call('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: 'x',
    });
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect((offline as { error: { message: string } }).error.message).toMatch(/cannot be reached/);
    await app.stop();
  });
});
