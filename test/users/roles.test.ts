import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, RoleHistory, RolesView } from '../../shared/domain/role';
import { BUILT_IN_LIMITS } from '../../shared/domain/role';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { environmentDraft, requireKeyring, type ConsoleUnderTest } from '../session/console-under-test';
import { consoleSignedIn, createUser, failure, invalidatedScopes } from './users-helpers';

let platform: RunningPlatform;
let app: ConsoleUnderTest;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform();
  app = await consoleSignedIn([{ id: 'a', platform, username: 'admin' }]);
  await createUser(app, 'a', { username: 'admin-two', role: 'admin', password: platform.password });
  await app.ok('environments.save', environmentDraft(platform.url, 'b'));
  await app.ok('session.signIn', { environmentId: 'b', username: 'admin-two', password: platform.password });
});

afterAll(async () => {
  await app?.stop();
  await platform?.stop();
});

const roleNamed = async (environmentId: string, name: string): Promise<Role | undefined> =>
  (await app.ok<RolesView>('roles.list', { environmentId })).roles.find((role) => role.name === name);

describe('roles against a full server', () => {
  it('creates a role, and an edit on an old version gets VERSION_MISMATCH with the other version', async () => {
    let mark = app.pushes.length;
    const created = await app.ok<Role>('roles.create', {
      environmentId: 'a',
      name: 'reviewer',
      description: 'Reviews things',
      permissions: ['read', 'view_audit_logs'],
    });
    expect(created).toMatchObject({
      name: 'reviewer',
      built_in: false,
      user_count: 0,
      permissions: ['read', 'view_audit_logs'],
    });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['roles']);
    expect(await roleNamed('a', 'reviewer')).toEqual(created);

    const seenByA = created.version;
    const byB = await app.ok<Role>('roles.update', {
      environmentId: 'b',
      name: 'reviewer',
      baseVersion: (await roleNamed('b', 'reviewer'))?.version,
      description: 'Reviews, says B',
    });
    const stale = await failure(app, 'roles.update', {
      environmentId: 'a',
      name: 'reviewer',
      baseVersion: seenByA,
      permissions: ['read', 'write', 'view_audit_logs'],
    });
    expect(stale.code).toBe('VERSION_MISMATCH');
    expect(stale.details?.['current']).toEqual(byB);

    mark = app.pushes.length;
    const reapplied = await app.ok<Role>('roles.update', {
      environmentId: 'a',
      name: 'reviewer',
      baseVersion: (stale.details?.['current'] as Role).version,
      permissions: ['read', 'write', 'view_audit_logs'],
    });
    expect(reapplied).toMatchObject({
      description: 'Reviews, says B',
      permissions: ['read', 'write', 'view_audit_logs'],
    });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['roles', 'users']);
  });

  it('keeps the built-in limits, and a role still assigned is not deleted', async () => {
    const admin = await roleNamed('a', 'admin');
    const stripped = await failure(app, 'roles.update', {
      environmentId: 'a',
      name: 'admin',
      baseVersion: admin?.version,
      permissions: ['read', 'manage_users'],
    });
    expect(stripped).toMatchObject({ code: 'CONFLICT', details: { reason: 'built_in_role' } });
    expect(stripped.message).toBe(`${BUILT_IN_LIMITS.adminKeepsWords} (it would lose manage_roles).`);
    expect(await roleNamed('a', 'admin')).toEqual(admin);
    expect(await failure(app, 'roles.delete', { environmentId: 'a', name: 'guest' })).toEqual({
      code: 'CONFLICT',
      message: BUILT_IN_LIMITS.deleteOrRename,
      details: { reason: 'built_in_role' },
    });

    await createUser(app, 'a', { role: 'reviewer' });
    await createUser(app, 'a', { role: 'reviewer' });
    const inUse = await failure(app, 'roles.delete', { environmentId: 'a', name: 'reviewer' });
    expect(inUse).toMatchObject({ code: 'CONFLICT', details: { reason: 'role_in_use', userCount: 2 } });
    expect(inUse.message).toBe(
      'The role "reviewer" is still assigned to 2 users. Give them another role first, then delete it.',
    );
    expect((await roleNamed('a', 'reviewer'))?.user_count).toBe(2);

    const taken = await failure(app, 'roles.create', {
      environmentId: 'a',
      name: 'reviewer',
      description: '',
      permissions: [],
    });
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { reason: 'taken' } });
    expect(taken.message).toMatch(/^A role named "reviewer" already exists/);
  });

  it('deletes an unused role, and its history comes from the audit copy, newest first', async () => {
    await app.ok('roles.create', {
      environmentId: 'a',
      name: 'short-lived',
      description: '',
      permissions: ['read'],
    });
    const role = await roleNamed('a', 'short-lived');
    await app.ok('roles.update', {
      environmentId: 'a',
      name: 'short-lived',
      baseVersion: role?.version,
      description: 'Soon gone',
    });
    const mark = app.pushes.length;
    await app.ok('roles.delete', { environmentId: 'a', name: 'short-lived' });
    expect(invalidatedScopes(app, 'a', mark)).toEqual(['roles']);
    expect(await roleNamed('a', 'short-lived')).toBeUndefined();
    expect((await failure(app, 'roles.delete', { environmentId: 'a', name: 'short-lived' })).code).toBe(
      'NOT_FOUND',
    );

    await app.ok('audit.syncNow', { environmentId: 'a' });
    const history = await app.ok<RoleHistory>('roles.history', { environmentId: 'a', name: 'short-lived' });
    expect(history.note).toBeNull();
    expect(history.events.map((e) => [e.action, e.resource_id, e.username])).toEqual([
      ['role_deleted', 'short-lived', 'admin'],
      ['role_updated', 'short-lived', 'admin'],
      ['role_created', 'short-lived', 'admin'],
    ]);
    const reviewer = await app.ok<RoleHistory>('roles.history', { environmentId: 'a', name: 'reviewer' });
    expect(reviewer.events.map((e) => [e.action, e.username])).toEqual([
      ['role_updated', 'admin'],
      ['role_updated', 'admin-two'],
      ['role_created', 'admin'],
    ]);
  });
});
