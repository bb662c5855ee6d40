import { beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_PERMISSIONS, roleSchema, SEED_ROLE_PERMISSIONS } from '../../shared/domain/role';
import type { Role } from '../../shared/domain/role';
import type { RunningPlatform } from './index';
import { call, eventsAfter, lastEventId, launch, login, obj } from './test-helpers';

let platform: RunningPlatform;
let admin: string;

beforeAll(async () => {
  platform = await launch();
  admin = (await login(platform, 'admin')).access_token;
});

async function roles(token = admin): Promise<Role[]> {
  const answer = await call(platform.url, 'GET', '/api/v1/roles', { token });
  expect(answer.status).toBe(200);
  return (obj(answer.body).items as unknown[]).map((r) => roleSchema.parse(r));
}

async function role(name: string): Promise<Role> {
  const found = (await roles()).find((r) => r.name === name);
  if (found === undefined) throw new Error(`no role ${name}`);
  return found;
}

describe('permissions and roles', () => {
  it('lists every known permission with a description', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/permissions', { token: admin });
    const items = obj(answer.body).items as { name: string; description: string }[];
    expect(items.map((p) => p.name).sort()).toEqual([...KNOWN_PERMISSIONS].sort());
    expect(items.every((p) => p.description.length > 0)).toBe(true);
  });

  it('lists the built-in roles with the permissions of §3 and the seeded custom ones', async () => {
    const all = await roles();
    const byName = new Map(all.map((r) => [r.name, r]));
    expect(byName.get('admin')?.permissions.sort()).toEqual(
      ['read', 'write', 'admin', 'delete', 'manage_users', 'manage_roles', 'view_audit_logs'].sort(),
    );
    expect(byName.get('user')?.permissions.sort()).toEqual(
      ['read', 'write', 'edit_profile', 'change_password'].sort(),
    );
    expect(byName.get('guest')?.permissions).toEqual(['read']);
    expect(byName.get('auditor')).toMatchObject({
      built_in: false,
      permissions: ['read', 'view_audit_logs'],
      user_count: 1,
    });
    expect(['admin', 'user', 'guest'].every((n) => byName.get(n)?.built_in === true)).toBe(true);
    expect(byName.get('admin')?.user_count).toBe(1);
    // The console's own statement of the seed (legacy servers, test doubles) says the same.
    for (const [name, permissions] of Object.entries(SEED_ROLE_PERMISSIONS)) {
      expect(byName.get(name)?.permissions.sort(), name).toEqual([...permissions].sort());
    }
  });
});

describe('role changes', () => {
  it('creates a role (201, one role_created) and refuses a duplicate (409)', async () => {
    const before = await lastEventId(platform, admin);
    const body = {
      name: 'release_mgr',
      description: 'Ships releases',
      permissions: ['write', 'read', 'read'],
    };
    const created = await call(platform.url, 'POST', '/api/v1/roles', { token: admin, body });
    expect(created.status).toBe(201);
    expect(roleSchema.parse(created.body)).toMatchObject({
      name: 'release_mgr',
      permissions: ['read', 'write'],
      built_in: false,
      user_count: 0,
      version: 1,
    });
    const duplicate = await call(platform.url, 'POST', '/api/v1/roles', { token: admin, body });
    expect(duplicate.status).toBe(409);
    expect(obj(duplicate.body).code).toBe('conflict');
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => [e.action, e.resource, e.resource_id])).toEqual([
      ['role_created', 'role', 'release_mgr'],
    ]);
  });

  it.each(['A', 'x', '1abc', 'has space', 'Upper', `r${'a'.repeat(50)}`, 'dots.not'])(
    'refuses the name %j (422)',
    async (name) => {
      const answer = await call(platform.url, 'POST', '/api/v1/roles', {
        token: admin,
        body: { name, description: '', permissions: [] },
      });
      expect(answer.status).toBe(422);
      expect((obj(answer.body).detail as { loc: string[] }[])[0]?.loc).toEqual(['body', 'name']);
    },
  );

  it('refuses an unknown permission (422)', async () => {
    const answer = await call(platform.url, 'POST', '/api/v1/roles', {
      token: admin,
      body: { name: 'odd', description: '', permissions: ['read', 'fly'] },
    });
    expect(answer.status).toBe(422);
    expect((obj(answer.body).detail as { loc: unknown[] }[])[0]?.loc).toEqual(['body', 'permissions', 1]);
  });

  it('PATCH needs If-Match and bumps the version; renaming is refused', async () => {
    await call(platform.url, 'POST', '/api/v1/roles', {
      token: admin,
      body: { name: 'editor', description: 'Edits', permissions: ['read'] },
    });
    const current = await role('editor');
    const body = { permissions: ['read', 'write'] };
    expect((await call(platform.url, 'PATCH', '/api/v1/roles/editor', { token: admin, body })).status).toBe(
      428,
    );
    const stale = await call(platform.url, 'PATCH', '/api/v1/roles/editor', {
      token: admin,
      body,
      headers: { 'if-match': '99' },
    });
    expect(stale.status).toBe(412);
    expect(obj(stale.body).code).toBe('version_mismatch');
    const before = await lastEventId(platform, admin);
    const ok = await call(platform.url, 'PATCH', '/api/v1/roles/editor', {
      token: admin,
      body,
      headers: { 'if-match': String(current.version) },
    });
    expect(ok.status).toBe(200);
    expect(roleSchema.parse(ok.body)).toMatchObject({
      permissions: ['read', 'write'],
      version: current.version + 1,
    });
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => e.action)).toEqual(['role_updated']);
    expect(events[0]?.details).toMatchObject({ changes: { permissions: { added: ['write'], removed: [] } } });
    const rename = await call(platform.url, 'PATCH', '/api/v1/roles/editor', {
      token: admin,
      body: { name: 'writer' },
      headers: { 'if-match': String(current.version + 1) },
    });
    expect(rename.status).toBe(422);
    expect(
      (
        await call(platform.url, 'PATCH', '/api/v1/roles/nope', {
          token: admin,
          body,
          headers: { 'if-match': '1' },
        })
      ).status,
    ).toBe(404);
  });

  it('the admin role keeps manage_roles and manage_users (409) but may change otherwise', async () => {
    const adminRole = await role('admin');
    const stripped = await call(platform.url, 'PATCH', '/api/v1/roles/admin', {
      token: admin,
      body: { permissions: ['read', 'manage_users'] },
      headers: { 'if-match': String(adminRole.version) },
    });
    expect(stripped.status).toBe(409);
    expect(obj(stripped.body).code).toBe('built_in_role');
    const described = await call(platform.url, 'PATCH', '/api/v1/roles/admin', {
      token: admin,
      body: { description: 'Administrators' },
      headers: { 'if-match': String(adminRole.version) },
    });
    expect(described.status).toBe(200);
  });

  it('built-in roles cannot be deleted; assigned roles cannot be deleted; others can (one role_deleted)', async () => {
    for (const name of ['admin', 'user', 'guest']) {
      const answer = await call(platform.url, 'DELETE', `/api/v1/roles/${name}`, { token: admin });
      expect(answer.status).toBe(409);
      expect(obj(answer.body).code).toBe('built_in_role');
    }
    const assigned = await call(platform.url, 'DELETE', '/api/v1/roles/auditor', { token: admin });
    expect(assigned.status).toBe(409);
    expect(obj(assigned.body).code).toBe('role_in_use');
    await call(platform.url, 'POST', '/api/v1/roles', {
      token: admin,
      body: { name: 'short-lived', description: '', permissions: [] },
    });
    const before = await lastEventId(platform, admin);
    expect((await call(platform.url, 'DELETE', '/api/v1/roles/short-lived', { token: admin })).status).toBe(
      204,
    );
    expect((await call(platform.url, 'DELETE', '/api/v1/roles/short-lived', { token: admin })).status).toBe(
      404,
    );
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => [e.action, e.resource_id])).toEqual([['role_deleted', 'short-lived']]);
  });

  it('a permission granted to a role works on the very next request', async () => {
    const guest = (await login(platform, 'guest')).access_token;
    expect((await call(platform.url, 'GET', '/api/v1/audit-logs?limit=1', { token: guest })).status).toBe(
      403,
    );
    const guestRole = await role('guest');
    await call(platform.url, 'PATCH', '/api/v1/roles/guest', {
      token: admin,
      body: { permissions: ['read', 'view_audit_logs'] },
      headers: { 'if-match': String(guestRole.version) },
    });
    expect((await call(platform.url, 'GET', '/api/v1/audit-logs?limit=1', { token: guest })).status).toBe(
      200,
    );
    await call(platform.url, 'PATCH', '/api/v1/roles/guest', {
      token: admin,
      body: { permissions: ['read'] },
      headers: { 'if-match': String(guestRole.version + 1) },
    });
    expect((await call(platform.url, 'GET', '/api/v1/audit-logs?limit=1', { token: guest })).status).toBe(
      403,
    );
  });
});
