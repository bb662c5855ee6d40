import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolesView } from '../../shared/domain/role';
import type { UserActivity, UserDetail, UserFilterInput, UserPage } from '../../shared/domain/user-admin';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { requireKeyring, type ConsoleUnderTest } from '../session/console-under-test';
import { consoleSignedIn, createUser, failSignIns, failure } from './users-helpers';

let platform: RunningPlatform;
let app: ConsoleUnderTest;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({ users: 40 });
  app = await consoleSignedIn([
    { id: 'full', platform, username: 'admin' },
    { id: 'visitor', platform, username: 'guest' },
  ]);
});

afterAll(async () => {
  await app?.stop();
  await platform?.stop();
});

const list = (filter: UserFilterInput, offset = 0, limit = 10) =>
  app.ok<UserPage>('users.list', { environmentId: 'full', filter, offset, limit });

const usersFile = () => path.join(app.dataFolder, 'cache', 'full.users.sqlite');

describe('with the server out of reach', () => {
  it('answers lists, users and roles from the copy, as of when they were fetched, read-only', async () => {
    const locked = await createUser(app, 'full', { username: 'offline-locked' });
    await failSignIns(platform, locked.username, 5);
    const before = Date.now();
    // What the console shows online: these fill the copy.
    await list({}, 0, 500);
    const filters: UserFilterInput[] = [
      { search: 'EXAMPLE', sort: '-created_at' },
      { role: 'user', active: 'active', sort: 'last_login' },
      { sort: '-username' },
    ];
    const online = await Promise.all(filters.map((filter) => list(filter, 5, 10)));
    const lockedOnline = await list({ lockedOnly: true }, 0, 50);
    const rolesOnline = await app.ok<RolesView>('roles.list', { environmentId: 'full' });
    const alice = await app.ok<UserDetail>('users.get', { environmentId: 'full', id: 3 });
    await app.ok('audit.syncNow', { environmentId: 'full' });
    const after = Date.now();
    expect(fs.existsSync(usersFile())).toBe(true);

    await platform.stop();

    for (const [index, filter] of filters.entries()) {
      const page = await list(filter, 5, 10);
      expect(page).toMatchObject({ source: 'cache', readOnly: true, total: online[index]?.total, offset: 5 });
      expect(page.note).toMatch(/cannot be reached.*Read-only until the connection is back/);
      expect(page.items, JSON.stringify(filter)).toEqual(online[index]?.items);
      expect(Date.parse(page.asOf)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(page.asOf)).toBeLessThanOrEqual(after);
    }
    // (Another filter than the one listed online: a whole list fetched seconds ago would answer.)
    const lockedOffline = await list({ lockedOnly: true, search: 'o' }, 0, 50);
    expect(lockedOffline.source).toBe('cache');
    expect(lockedOffline.items.map((u) => u.username)).toEqual(
      lockedOnline.items
        .filter((u) =>
          [u.username, u.email, u.full_name ?? ''].some((text) => text.toLowerCase().includes('o')),
        )
        .map((u) => u.username),
    );
    expect(lockedOffline.items.map((u) => u.username)).toContain('offline-locked');

    const cachedAlice = await app.ok<UserDetail>('users.get', { environmentId: 'full', id: 3 });
    expect(cachedAlice).toMatchObject({ source: 'cache', user: alice.user });
    expect(Date.parse(cachedAlice.asOf)).toBeLessThanOrEqual(after);
    expect((await failure(app, 'users.get', { environmentId: 'full', id: 99_999 })).code).toBe('OFFLINE');

    const roles = await app.ok<RolesView>('roles.list', { environmentId: 'full' });
    expect(roles).toMatchObject({
      source: 'cache',
      readOnly: true,
      roles: rolesOnline.roles,
      permissions: rolesOnline.permissions,
    });

    // The copy never answers a role that may not read users.
    expect(
      (await failure(app, 'users.list', { environmentId: 'visitor', filter: {}, offset: 0, limit: 5 })).code,
    ).toBe('FORBIDDEN');
    // The activity is read from the audit copy, which needs no server.
    const activity = await app.ok<UserActivity>('users.activity', {
      environmentId: 'full',
      id: locked.id,
      username: locked.username,
    });
    expect(activity.onUser.map((e) => e.action)).toEqual(['user_created']);
  });

  it('refuses writes: read-only until the connection is back', async () => {
    const writes: [Parameters<ConsoleUnderTest['call']>[0], unknown][] = [
      [
        'users.update',
        { environmentId: 'full', id: 3, baseVersion: 1, changes: { full_name: 'Offline edit' } },
      ],
      ['users.unlock', { environmentId: 'full', id: 3 }],
      [
        'users.bulkApply',
        { environmentId: 'full', action: { kind: 'deactivate' }, targets: [{ id: 3, version: 1 }] },
      ],
      ['roles.delete', { environmentId: 'full', name: 'support' }],
    ];
    for (const [name, input] of writes) {
      const answer = await app.call(name, input);
      if (name === 'users.bulkApply') {
        expect(answer).toMatchObject({ ok: true, data: [{ id: 3, outcome: 'failed', code: 'OFFLINE' }] });
        continue;
      }
      expect(answer, name).toMatchObject({
        ok: false,
        error: {
          code: 'OFFLINE',
          message: expect.stringMatching(/read-only until the connection is back/) as string,
        },
      });
    }
    expect(
      (
        await failure(app, 'users.bulkPreview', {
          environmentId: 'full',
          action: { kind: 'deactivate' },
          ids: [3],
        })
      ).code,
    ).toBe('OFFLINE');
  });

  it('deleting the environment removes its users copy', async () => {
    expect(fs.readdirSync(path.dirname(usersFile())).filter((f) => f.startsWith('full.users.'))).toContain(
      'full.users.sqlite',
    );
    await app.ok('environments.delete', { id: 'full' });
    expect(fs.readdirSync(path.dirname(usersFile())).filter((f) => f.startsWith('full.'))).toEqual([]);
    // The other environment never fetched users (its role may not): it has no users copy at all.
    expect(fs.existsSync(path.join(app.dataFolder, 'cache', 'visitor.users.sqlite'))).toBe(false);
  });
});
