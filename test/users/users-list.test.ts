import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolesView } from '../../shared/domain/role';
import type { UserDetail, UserFilterInput, UserPage } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { tokenFor } from '../audit/audit-helpers';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { requireKeyring, type ConsoleUnderTest } from '../session/console-under-test';
import { consoleSignedIn, createUser, failSignIns, failure, serverGet } from './users-helpers';

let full: RunningPlatform;
let legacy: RunningPlatform;
let app: ConsoleUnderTest;
let adminToken: string;
let legacyToken: string;

beforeAll(async () => {
  await requireKeyring();
  [full, legacy] = await Promise.all([
    startPlatform({ users: 120 }),
    startPlatform({ users: 45, legacy: true }),
  ]);
  app = await consoleSignedIn([
    { id: 'full', platform: full, username: 'admin' },
    { id: 'legacy', platform: legacy, username: 'admin' },
    { id: 'visitor', platform: full, username: 'guest' },
    { id: 'legacy-alice', platform: legacy, username: 'alice' },
  ]);
  [adminToken, legacyToken] = await Promise.all([
    tokenFor(full.url, full.password),
    tokenFor(legacy.url, legacy.password),
  ]);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([full?.stop(), legacy?.stop()]);
});

const list = (environmentId: string, filter: UserFilterInput, offset = 0, limit = 50) =>
  app.ok<UserPage>('users.list', { environmentId, filter, offset, limit });

const ids = (users: readonly User[]) => users.map((user) => user.id);

/** Every user of the legacy server through its own list, as the test's oracle. */
async function legacyUsers(): Promise<User[]> {
  const page = await serverGet<{ users: User[] }>(
    legacy,
    legacyToken,
    '/api/v1/auth/users?skip=0&limit=1000',
  );
  return page.users;
}

describe('the users list of a full server', () => {
  it('is the server’s own filtering, sorting and paging', async () => {
    const cases: { filter: UserFilterInput; query: string }[] = [
      { filter: {}, query: 'sort=username' },
      { filter: { search: ' EXAMPLE.org ' }, query: 'q=EXAMPLE.org&sort=username' },
      { filter: { role: 'guest', sort: '-created_at' }, query: 'role=guest&sort=-created_at' },
      { filter: { active: 'inactive', sort: 'last_login' }, query: 'is_active=false&sort=last_login' },
      { filter: { active: 'active', sort: '-last_login' }, query: 'is_active=true&sort=-last_login' },
    ];
    for (const { filter, query } of cases) {
      for (const [offset, limit] of [
        [0, 20],
        [20, 20],
      ] as const) {
        const page = await list('full', filter, offset, limit);
        const server = await serverGet<{ items: User[]; total: number }>(
          full,
          adminToken,
          `/api/v1/users?${query}&skip=${offset}&limit=${limit}`,
        );
        expect(page).toMatchObject({
          source: 'server',
          readOnly: false,
          note: null,
          offset,
          total: server.total,
        });
        expect(ids(page.items), query).toEqual(ids(server.items));
      }
    }
  });

  it('one user fresh, and NOT_FOUND for an id the server lacks', async () => {
    const detail = await app.ok<UserDetail>('users.get', { environmentId: 'full', id: 3 });
    expect(detail).toMatchObject({ source: 'server', user: { id: 3, username: 'alice', version: 1 } });
    expect(await failure(app, 'users.get', { environmentId: 'full', id: 999_999 })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no user with id 999999/) as string,
    });
  });

  it('lists only locked users by checking every matching user itself, and unlocking clears it', async () => {
    const victim = await createUser(app, 'full', { username: 'locked-out' });
    expect(await failSignIns(full, victim.username, 5)).toEqual([401, 401, 401, 401, 423]);
    const page = await list('full', { lockedOnly: true });
    const server = await serverGet<{ items: User[] }>(full, adminToken, '/api/v1/users?limit=500');
    const lockedOnServer = server.items.filter((user) => user.locked_until !== null).map((user) => user.id);
    expect(lockedOnServer).toContain(victim.id);
    expect(page).toMatchObject({ source: 'local', readOnly: false, total: lockedOnServer.length });
    expect(page.note).toMatch(/no filter for locked accounts: the console checked the 125 matching users/);
    expect(ids(page.items).sort()).toEqual([...lockedOnServer].sort());
    // The other filters still narrow the locked ones.
    expect(
      (await list('full', { lockedOnly: true, search: 'LOCKED-OUT' })).items.map((u) => u.username),
    ).toEqual(['locked-out']);
    expect((await list('full', { lockedOnly: true, active: 'inactive', search: 'locked-out' })).total).toBe(
      0,
    );

    await app.ok('users.unlock', { environmentId: 'full', id: victim.id });
    expect(ids((await list('full', { lockedOnly: true })).items)).not.toContain(victim.id);
  });

  it('is refused, even from the copy, to a role without manage_users', async () => {
    expect(
      await failure(app, 'users.list', { environmentId: 'visitor', filter: {}, offset: 0, limit: 10 }),
    ).toEqual({
      code: 'FORBIDDEN',
      message: 'Your role (guest) lacks the manage_users permission.',
    });
  });

  it('roles come from the roles API with every permission', async () => {
    const view = await app.ok<RolesView>('roles.list', { environmentId: 'full' });
    expect(view).toMatchObject({ source: 'server', readOnly: false, note: null });
    expect(view.roles.map((role) => role.name)).toEqual(
      expect.arrayContaining(['admin', 'user', 'guest', 'auditor', 'support']),
    );
    expect(view.permissions.map((p) => p.name)).toContain('manage_roles');
    // A guest may read roles (the `read` permission).
    expect((await app.ok<RolesView>('roles.list', { environmentId: 'visitor' })).source).toBe('server');
  });
});

describe('the users list of a legacy server', () => {
  it('is fetched whole and filtered, sorted and paged by the console, read-only', async () => {
    const everyone = await legacyUsers();
    expect(everyone).toHaveLength(49);
    const page = await list('legacy', { sort: '-created_at' }, 0, 10);
    expect(page).toMatchObject({ source: 'local', readOnly: true, total: 49, offset: 0 });
    expect(page.note).toMatch(/^This server offers a read-only user list/);
    // Legacy times are zoneless (UTC): the console hands them on as ISO times in UTC.
    expect(page.items.every((user) => user.created_at.endsWith('Z'))).toBe(true);
    const newest = [...everyone].sort(
      (a, b) => Date.parse(`${b.created_at}Z`) - Date.parse(`${a.created_at}Z`) || b.id - a.id,
    );
    expect(ids(page.items)).toEqual(ids(newest.slice(0, 10)));

    const guests = await list('legacy', { role: 'guest', search: 'EXAMPLE' }, 0, 500);
    const expected = everyone
      .filter((u) => u.role === 'guest')
      .filter((u) =>
        [u.username, u.email, u.full_name ?? ''].some((t) => t.toLowerCase().includes('example')),
      )
      .sort((a, b) => (a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(guests.items)).toEqual(ids(expected));

    const inactive = await list('legacy', { active: 'inactive' }, 0, 500);
    expect(ids(inactive.items).sort()).toEqual(ids(everyone.filter((u) => !u.is_active)).sort());
    const locked = await list('legacy', { lockedOnly: true });
    expect(locked.total).toBe(0);
    expect(locked.note).toMatch(/does not report lockouts/);
  });

  it('a user is found in the whole list', async () => {
    expect(await app.ok<UserDetail>('users.get', { environmentId: 'legacy', id: 3 })).toMatchObject({
      source: 'server',
      user: { username: 'alice' },
    });
    expect((await failure(app, 'users.get', { environmentId: 'legacy', id: 4242 })).code).toBe('NOT_FOUND');
  });

  it('derives the roles from the users, with counts', async () => {
    const everyone = await legacyUsers();
    const view = await app.ok<RolesView>('roles.list', { environmentId: 'legacy' });
    expect(view).toMatchObject({ source: 'derived', readOnly: true });
    expect(view.note).toMatch(/no roles API/);
    expect(view.roles.map((role) => role.name)).toEqual(['admin', 'user', 'guest', 'auditor']);
    for (const role of view.roles) {
      const holders = everyone.filter((user) => user.role === role.name);
      expect(role.user_count, role.name).toBe(holders.length);
      expect([...role.permissions].sort(), role.name).toEqual([...(holders[0]?.permissions ?? [])].sort());
    }
    expect(view.roles.find((role) => role.name === 'admin')?.built_in).toBe(true);
    expect(view.roles.find((role) => role.name === 'auditor')?.built_in).toBe(false);

    // Someone who may read roles but not list users gets the built-in roles, uncounted, and why.
    const uncounted = await app.ok<RolesView>('roles.list', { environmentId: 'legacy-alice' });
    expect(uncounted).toMatchObject({ source: 'derived', readOnly: true });
    expect(uncounted.note).toMatch(/may not list its users.*without user counts/);
    expect(uncounted.roles.map((role) => [role.name, role.user_count])).toEqual([
      ['admin', 0],
      ['user', 0],
      ['guest', 0],
    ]);
    expect(uncounted.roles[1]?.permissions).toEqual(
      everyone.find((u) => u.username === 'alice')?.permissions,
    );
  });

  it('refuses every write without sending it, in one sentence', async () => {
    const unsupported = (message: string) => ({ code: 'UNSUPPORTED_BY_SERVER', message });
    const users =
      'This server offers a read-only user list: it has no user management API, so users cannot be changed from the console.';
    const environmentId = 'legacy';
    expect(
      await failure(app, 'users.update', {
        environmentId,
        id: 3,
        baseVersion: 1,
        changes: { full_name: 'x' },
      }),
    ).toEqual(unsupported(users));
    expect(await failure(app, 'users.unlock', { environmentId, id: 3 })).toEqual(unsupported(users));
    expect(await failure(app, 'users.delete', { environmentId, id: 3 })).toEqual(unsupported(users));
    expect(
      await failure(app, 'users.bulkPreview', { environmentId, action: { kind: 'deactivate' }, ids: [3] }),
    ).toEqual(unsupported(users));
    expect(
      (
        await failure(app, 'roles.create', {
          environmentId,
          name: 'newrole',
          description: '',
          permissions: [],
        })
      ).code,
    ).toBe('UNSUPPORTED_BY_SERVER');
  });
});
