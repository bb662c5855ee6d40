import { afterEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import { createUserAdmin } from './user-admin-handlers';
import { fakeDeps, ok } from './testing/fake-deps';
import { sampleUser } from './testing/sample-users';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setUp(answer: (request: HttpRequest) => HttpAnswer = () => ok({ detail: 'Not found' }, 404)) {
  const fake = fakeDeps(answer);
  const admin = createUserAdmin(fake.deps);
  cleanups.push(() => {
    admin.close();
    fake.cleanup();
  });
  return { fake, admin };
}

describe('user writes', () => {
  it('are not sent where the server lacks user management, or the role lacks the permission', async () => {
    const { fake, admin } = setUp();
    fake.state.session = { ...fake.state.session!, capabilities: ['audit_legacy'] };
    await expect(admin.users.update('prod', 3, 1, { full_name: 'x' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_BY_SERVER',
      message: expect.stringMatching(/^This server offers a read-only user list/) as string,
    });
    fake.state.session = {
      ...fake.state.session,
      capabilities: ['user_admin'],
      role: 'support',
      permissions: ['read', 'manage_users'],
    };
    await expect(admin.users.delete('prod', 3)).rejects.toEqual(
      new OppError('FORBIDDEN', 'Your role (support) lacks the delete permission.'),
    );
    await expect(admin.roles.delete('prod', 'x')).rejects.toMatchObject({ code: 'UNSUPPORTED_BY_SERVER' });
    fake.state.session = null;
    await expect(admin.users.unlock('prod', 3)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(fake.requests).toEqual([]);
  });

  it('never send a password that breaks the policy, nor delete the administrator themself', async () => {
    const { fake, admin } = setUp();
    await expect(admin.users.resetPassword('prod', 3, 'weakpassword')).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'newPassword' }] },
    });
    await expect(admin.users.delete('prod', 1)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'cannot_delete_self' },
    });
    await expect(admin.roles.delete('prod', 'admin')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'built_in_role' },
    });
    await expect(
      admin.roles.update({ environmentId: 'prod', name: 'admin', baseVersion: 1, permissions: ['read'] }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/would lose manage_roles and manage_users/) as string,
    });
    expect(fake.requests).toEqual([]);
  });

  it('send If-Match, and on 412 read the user as it is now for the error', async () => {
    const now = sampleUser(3, { full_name: 'Theirs', version: 5 });
    const { fake, admin } = setUp((request) =>
      request.method === 'PATCH'
        ? ok({ detail: 'The user was changed by someone else', code: 'version_mismatch' }, 412)
        : ok(now),
    );
    await expect(admin.users.update('prod', 3, 4, { full_name: 'Mine' })).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
      details: { current: now },
    });
    expect(fake.requests.map((r) => [r.method, r.path, r.headers?.['If-Match'], r.body])).toEqual([
      ['PATCH', '/api/v1/users/3', '4', { full_name: 'Mine' }],
      ['GET', '/api/v1/users/3', undefined, undefined],
    ]);
    expect(fake.pushes).toEqual([]);
  });

  it('offline, say that nothing changed and writes wait for the connection', async () => {
    const { fake, admin } = setUp(() => {
      throw new OppError('OFFLINE', 'The platform API cannot be reached (ECONNREFUSED).');
    });
    await expect(admin.users.unlock('prod', 3)).rejects.toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(
        /read-only until the connection is back; nothing was changed\.$/,
      ) as string,
    });
    expect(fake.pushes).toEqual([]);
  });

  it('after a success, tell the renderer what changed and log what, never the password', async () => {
    const created = sampleUser(20, { username: 'newbie' });
    const { fake, admin } = setUp(() => ok(created, 201));
    const password = 'Very-Secret-Pass-9';
    await admin.users.create({
      environmentId: 'prod',
      username: 'newbie',
      email: 'newbie@example.test',
      full_name: null,
      password,
      role: 'user',
      is_active: true,
    });
    expect(fake.requests[0]?.body).toMatchObject({ username: 'newbie', password });
    expect(fake.pushes).toEqual([
      { name: 'cache.invalidated', payload: { environmentId: 'prod', scope: 'users' } },
      { name: 'cache.invalidated', payload: { environmentId: 'prod', scope: 'roles' } },
    ]);
    await admin.settled();
    const logged = JSON.stringify((fake.deps.log as unknown as { lines: unknown[] }).lines);
    expect(logged).toContain('user_created');
    expect(logged).not.toContain(password);
  });
});
