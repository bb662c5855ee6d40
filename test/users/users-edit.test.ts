import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActivity, UserDetail } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { generatePassword } from '../../shared/domain/password-policy';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { environmentDraft, requireKeyring, type ConsoleUnderTest } from '../session/console-under-test';
import { consoleSignedIn, createUser, failSignIns, failure, invalidatedScopes } from './users-helpers';

let platform: RunningPlatform;
let app: ConsoleUnderTest;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({ users: 10 });
  app = await consoleSignedIn([
    { id: 'a', platform, username: 'admin' },
    { id: 'alice', platform, username: 'alice' },
  ]);
});

afterAll(async () => {
  await app?.stop();
  await platform?.stop();
});

/** Another environment on the same server, signed in as `username` (a second administrator). */
async function signInAs(id: string, username: string): Promise<void> {
  await app.ok('environments.save', environmentDraft(platform.url, id));
  await app.ok('session.signIn', { environmentId: id, username, password: platform.password });
}

const get = async (environmentId: string, id: number) =>
  (await app.ok<UserDetail>('users.get', { environmentId, id })).user;

async function signInStatus(username: string, password: string): Promise<number> {
  const answer = await fetch(`${platform.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return answer.status;
}

describe('user administration against a full server', () => {
  it('creates, changes, resets, unlocks and deletes a user, telling the renderer what changed', async () => {
    const password = generatePassword();
    let mark = app.pushes.length;
    const carol = await app.ok<User>('users.create', {
      environmentId: 'a',
      username: 'carol',
      email: 'carol@example.test',
      full_name: 'Carol Example',
      password,
      role: 'user',
      is_active: true,
    });
    expect(carol).toMatchObject({ username: 'carol', role: 'user', is_active: true, version: 1 });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['users', 'roles']);
    expect(await signInStatus('carol', password)).toBe(200);
    // Signing in is not an administrator's change: the version stays.
    expect(await get('a', carol.id)).toEqual({ ...carol, last_login: expect.any(String) as string });

    mark = app.pushes.length;
    const renamed = await app.ok<User>('users.update', {
      environmentId: 'a',
      id: carol.id,
      baseVersion: 1,
      changes: { full_name: 'Carol Renamed' },
    });
    expect(renamed).toMatchObject({ full_name: 'Carol Renamed', version: 2 });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['users']);
    mark = app.pushes.length;
    const moved = await app.ok<User>('users.update', {
      environmentId: 'a',
      id: carol.id,
      baseVersion: 2,
      changes: { role: 'support' },
    });
    expect(moved).toMatchObject({ role: 'support', version: 3 });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['users', 'roles']);

    const fresh = generatePassword();
    await app.ok('users.resetPassword', { environmentId: 'a', id: carol.id, newPassword: fresh });
    expect(await signInStatus('carol', password)).toBe(401);
    expect(await signInStatus('carol', fresh)).toBe(200);

    expect(await failSignIns(platform, 'carol', 5)).toEqual([401, 401, 401, 401, 423]);
    expect((await get('a', carol.id)).locked_until).not.toBeNull();
    await app.ok('users.unlock', { environmentId: 'a', id: carol.id });
    expect(await get('a', carol.id)).toMatchObject({ locked_until: null, failed_login_attempts: 0 });

    mark = app.pushes.length;
    await app.ok('users.delete', { environmentId: 'a', id: carol.id });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['users', 'roles']);
    expect((await failure(app, 'users.get', { environmentId: 'a', id: carol.id })).code).toBe('NOT_FOUND');
    expect((await failure(app, 'users.unlock', { environmentId: 'a', id: carol.id })).code).toBe('NOT_FOUND');

    // No password reached a log line, in any shape.
    const logged = JSON.stringify(app.log.lines);
    expect(logged).not.toContain(password);
    expect(logged).not.toContain(fresh);
  });

  it('checks the password policy before anything is sent', async () => {
    const weak = await failure(app, 'users.create', {
      environmentId: 'a',
      username: 'weakling',
      email: 'weak@example.test',
      full_name: null,
      password: 'short',
      role: 'user',
      is_active: true,
    });
    expect(weak).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'password' }] } });
    expect(weak.message).toMatch(/at least 12 characters/);
    const alice = 3;
    expect(
      (
        await failure(app, 'users.resetPassword', {
          environmentId: 'a',
          id: alice,
          newPassword: 'alllowercase-12!',
        })
      ).code,
    ).toBe('VALIDATION');
    expect(JSON.stringify(app.log.lines)).not.toContain('alllowercase-12!');
  });

  it('a taken username or email is a CONFLICT that says so and what to do', async () => {
    const taken = await failure(app, 'users.create', {
      environmentId: 'a',
      username: 'ALICE',
      email: 'someone-new@example.test',
      full_name: null,
      password: generatePassword(),
      role: 'user',
      is_active: true,
    });
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { reason: 'taken' } });
    expect(taken.message).toMatch(
      /already in use \(the server said: "Username "ALICE" is already taken"\)\. Choose another\./,
    );
  });

  it('an edit based on an old version gets VERSION_MISMATCH with the other version, and succeeds reapplied', async () => {
    const second = await createUser(app, 'a', {
      username: 'admin-two',
      role: 'admin',
      password: platform.password,
    });
    await signInAs('b', second.username);
    const target = await createUser(app, 'a');

    const seenByA = await get('a', target.id);
    const byB = await app.ok<User>('users.update', {
      environmentId: 'b',
      id: target.id,
      baseVersion: (await get('b', target.id)).version,
      changes: { full_name: 'Changed by B' },
    });
    const stale = await failure(app, 'users.update', {
      environmentId: 'a',
      id: target.id,
      baseVersion: seenByA.version,
      changes: { email: 'a-wants-this@example.test' },
    });
    expect(stale.code).toBe('VERSION_MISMATCH');
    expect(stale.message).toMatch(/Someone else changed the user .* first \(now version 2\)/);
    expect(stale.details?.['current']).toEqual(byB);

    const current = stale.details?.['current'] as User;
    const reapplied = await app.ok<User>('users.update', {
      environmentId: 'a',
      id: target.id,
      baseVersion: current.version,
      changes: { email: 'a-wants-this@example.test' },
    });
    expect(reapplied).toMatchObject({
      full_name: 'Changed by B',
      email: 'a-wants-this@example.test',
      version: (current.version ?? 0) + 1,
    });
  });

  it('never leaves the platform without an active admin, and says why', async () => {
    // Only `admin` stays an active admin.
    const admins = await app.ok<{ items: User[] }>('users.list', {
      environmentId: 'a',
      filter: { role: 'admin', active: 'active' },
      offset: 0,
      limit: 50,
    });
    for (const other of admins.items.filter((user) => user.username !== 'admin')) {
      await app.ok('users.update', {
        environmentId: 'a',
        id: other.id,
        baseVersion: other.version,
        changes: { is_active: false },
      });
    }
    const admin = await get('a', 1);
    for (const changes of [{ is_active: false }, { role: 'user' }]) {
      const refused = await failure(app, 'users.update', {
        environmentId: 'a',
        id: admin.id,
        baseVersion: admin.version,
        changes,
      });
      expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'last_admin' } });
      expect(refused.message).toMatch(
        /^This would leave the platform without an active admin \(the server said: "admin is the last active admin; make another admin first"\)\. Make another user an active admin first/,
      );
    }
    expect(await failure(app, 'users.delete', { environmentId: 'a', id: admin.id })).toEqual({
      code: 'CONFLICT',
      message: 'You cannot delete your own account. Ask another administrator to do it.',
      details: { reason: 'cannot_delete_self' },
    });

    // Someone else who may delete users still cannot delete or deactivate the last admin.
    await app.ok('roles.create', {
      environmentId: 'a',
      name: 'user-keeper',
      description: 'Manages users, not roles',
      permissions: ['read', 'manage_users', 'delete'],
    });
    await createUser(app, 'a', { username: 'keeper', role: 'user-keeper', password: platform.password });
    await signInAs('k', 'keeper');
    const deleting = await failure(app, 'users.delete', { environmentId: 'k', id: admin.id });
    expect(deleting).toMatchObject({ code: 'CONFLICT', details: { reason: 'last_admin' } });
    expect(deleting.message).toMatch(/Make another user an active admin first/);
    expect(await get('a', admin.id)).toEqual(admin);

    // And main checks the role before sending: keeper may not manage roles, alice not users.
    expect(
      await failure(app, 'roles.create', {
        environmentId: 'k',
        name: 'sneaky',
        description: '',
        permissions: [],
      }),
    ).toEqual({ code: 'FORBIDDEN', message: 'Your role (user-keeper) lacks the manage_roles permission.' });
    expect(
      await failure(app, 'users.update', {
        environmentId: 'alice',
        id: 3,
        baseVersion: 1,
        changes: { full_name: 'x' },
      }),
    ).toEqual({ code: 'FORBIDDEN', message: 'Your role (user) lacks the manage_users permission.' });
    expect(await failure(app, 'users.delete', { environmentId: 'alice', id: 4 })).toEqual({
      code: 'FORBIDDEN',
      message: 'Your role (user) lacks the manage_users and delete permissions.',
    });
  });

  it('shows the user_created and user_updated events in the activity once the copy has synced', async () => {
    const dave = await createUser(app, 'a', { username: 'dave' });
    await app.ok('users.update', {
      environmentId: 'a',
      id: dave.id,
      baseVersion: dave.version,
      changes: { full_name: 'Dave Updated' },
    });
    // Joins the sync the writes asked for (or runs one): either way the events are in.
    await app.ok('audit.syncNow', { environmentId: 'a' });
    const activity = await app.ok<UserActivity>('users.activity', {
      environmentId: 'a',
      id: dave.id,
      username: 'dave',
    });
    expect(activity.note).toBeNull();
    expect(activity.copiedUpTo).not.toBeNull();
    expect(activity.onUser.map((e) => [e.action, e.resource_id, e.username])).toEqual([
      ['user_updated', String(dave.id), 'admin'],
      ['user_created', String(dave.id), 'admin'],
    ]);
    expect(activity.byUser).toEqual([]);

    const adminActivity = await app.ok<UserActivity>('users.activity', {
      environmentId: 'a',
      id: 1,
      username: 'admin',
      limit: 200,
    });
    expect(adminActivity.byUser.map((e) => e.action)).toEqual(
      expect.arrayContaining(['login_success', 'user_created', 'user_updated']),
    );
    expect(adminActivity.byUser.every((e) => e.username === 'admin')).toBe(true);
    const times = adminActivity.byUser.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    // A role without view_audit_logs gets empty lists and the reason.
    expect(await app.ok('users.activity', { environmentId: 'alice', id: dave.id, username: 'dave' })).toEqual(
      {
        byUser: [],
        onUser: [],
        copiedUpTo: null,
        note: 'Your role (user) lacks the view_audit_logs permission. Activity comes from the audit log.',
      },
    );
  });
});
