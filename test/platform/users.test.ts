import { beforeAll, describe, expect, it } from 'vitest';
import { userSchema } from '../../shared/domain/user';
import type { User } from '../../shared/domain/user';
import type { RunningPlatform } from './index';
import { call, eventsAfter, lastEventId, launch, login, obj, strongPassword } from './test-helpers';

let platform: RunningPlatform;
let admin: string;

beforeAll(async () => {
  platform = await launch({ users: 60 });
  admin = (await login(platform, 'admin')).access_token;
});

async function listUsers(query: string): Promise<{ items: User[]; total: number }> {
  const answer = await call(platform.url, 'GET', `/api/v1/users${query}`, { token: admin });
  expect(answer.status, answer.text).toBe(200);
  const body = obj(answer.body);
  return { items: (body.items as unknown[]).map((u) => userSchema.parse(u)), total: body.total as number };
}

async function createUser(overrides: Record<string, unknown> = {}): Promise<User> {
  const n = Math.random().toString(36).slice(2, 8);
  const answer = await call(platform.url, 'POST', '/api/v1/users', {
    token: admin,
    body: {
      username: `user-${n}`,
      email: `user-${n}@example.org`,
      full_name: `User ${n}`,
      password: strongPassword(),
      role: 'user',
      is_active: true,
      ...overrides,
    },
  });
  expect(answer.status, answer.text).toBe(201);
  return userSchema.parse(answer.body);
}

describe('listing users', () => {
  it('pages with skip/limit and reports the total', async () => {
    const all = await listUsers('?limit=500');
    expect(all.total).toBe(64);
    expect(all.items).toHaveLength(64);
    const page = await listUsers('?skip=10&limit=5');
    expect(page.total).toBe(64);
    expect(page.items.map((u) => u.id)).toEqual(all.items.slice(10, 15).map((u) => u.id));
  });

  it('searches username, email and full name case-insensitively', async () => {
    expect((await listUsers('?q=ALICE')).items.map((u) => u.username)).toContain('alice');
    expect((await listUsers('?q=audit%20REVIEWER')).items.map((u) => u.username)).toEqual(['auditor']);
    const byEmail = await listUsers('?q=%40example.net');
    expect(byEmail.items.length).toBeGreaterThan(0);
    expect(byEmail.items.every((u) => u.email.endsWith('@example.net'))).toBe(true);
    expect((await listUsers('?q=100%25')).total).toBe(0);
  });

  it('filters by role and is_active', async () => {
    const guests = await listUsers('?role=guest&limit=500');
    expect(guests.items.every((u) => u.role === 'guest')).toBe(true);
    const inactive = await listUsers('?is_active=false&limit=500');
    expect(inactive.items.every((u) => !u.is_active)).toBe(true);
    const active = await listUsers('?is_active=true&limit=500');
    expect(active.total + inactive.total).toBe(64);
  });

  it('sorts by each allowed key', async () => {
    const names = (await listUsers('?sort=-username&limit=500')).items.map((u) => u.username.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    const created = (await listUsers('?sort=created_at&limit=500')).items.map((u) => u.created_at);
    expect(created).toEqual([...created].sort());
    const logins = (await listUsers('?sort=-last_login&limit=500')).items.map((u) => u.last_login);
    const seen = logins.filter((t): t is string => t !== null);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(logins.slice(seen.length).every((t) => t === null)).toBe(true);
  });

  it('answers 422 for limit above 500, a negative skip and an unknown sort', async () => {
    for (const query of ['?limit=501', '?skip=-1', '?sort=email', '?is_active=maybe']) {
      const answer = await call(platform.url, 'GET', `/api/v1/users${query}`, { token: admin });
      expect(answer.status, query).toBe(422);
      const detail = obj(answer.body).detail as { loc: string[] }[];
      expect(detail[0]?.loc[0]).toBe('query');
    }
  });

  it('GET /users/{id} answers the user or 404', async () => {
    const alice = (await listUsers('?q=alice')).items[0];
    const one = await call(platform.url, 'GET', `/api/v1/users/${alice?.id}`, { token: admin });
    expect(userSchema.parse(one.body).username).toBe('alice');
    const none = await call(platform.url, 'GET', '/api/v1/users/999999', { token: admin });
    expect(none.status).toBe(404);
    expect(typeof obj(none.body).detail).toBe('string');
  });
});

describe('creating users', () => {
  it('creates (201), writes user_created without the password, and the user can sign in', async () => {
    const before = await lastEventId(platform, admin);
    const password = strongPassword();
    const answer = await call(platform.url, 'POST', '/api/v1/users', {
      token: admin,
      body: {
        username: 'new.person',
        email: 'new.person@example.org',
        full_name: 'New Person',
        password,
        role: 'guest',
        is_active: true,
      },
    });
    expect(answer.status).toBe(201);
    const user = userSchema.parse(answer.body);
    expect(user).toMatchObject({ username: 'new.person', role: 'guest', permissions: ['read'], version: 1 });
    expect(user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => [e.action, e.username, e.resource_id])).toEqual([
      ['user_created', 'admin', String(user.id)],
    ]);
    expect(JSON.stringify(events)).not.toContain(password);
    expect((await login(platform, 'new.person', password)).user.id).toBe(user.id);
  });

  it('answers 409 conflict for a taken username or email (any case)', async () => {
    for (const body of [
      { username: 'ALICE', email: 'someone-else@example.org' },
      { username: 'someone.else', email: 'Alice@Example.org' },
    ]) {
      const answer = await call(platform.url, 'POST', '/api/v1/users', {
        token: admin,
        body: { ...body, full_name: null, password: strongPassword(), role: 'user', is_active: true },
      });
      expect(answer.status).toBe(409);
      expect(obj(answer.body).code).toBe('conflict');
    }
  });

  it.each([
    ['a too short username', { username: 'ab' }, 'username'],
    ['a too long username', { username: 'x'.repeat(51) }, 'username'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'Sh0rt!' }, 'password'],
    ['a password without a special', { password: 'NoSpecials12345' }, 'password'],
    ['a password without upper case', { password: 'lower-case-only-1!' }, 'password'],
    ['an unknown role', { role: 'wizard' }, 'role'],
  ])('answers 422 for %s', async (_name, override, field) => {
    const answer = await call(platform.url, 'POST', '/api/v1/users', {
      token: admin,
      body: {
        username: 'valid.name',
        email: 'valid.name@example.org',
        password: strongPassword(),
        role: 'user',
        ...override,
      },
    });
    expect(answer.status).toBe(422);
    const detail = obj(answer.body).detail as { loc: string[]; msg: string; type: string }[];
    expect(detail.some((d) => d.loc[0] === 'body' && d.loc[1] === field)).toBe(true);
    expect(typeof detail[0]?.msg).toBe('string');
  });
});

describe('changing users', () => {
  it('needs If-Match: 428 without, 412 on a stale version, 200 and version + 1 with the right one', async () => {
    const user = await createUser();
    const body = { full_name: 'Renamed Person' };
    const none = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, { token: admin, body });
    expect(none.status).toBe(428);
    expect(obj(none.body).code).toBe('precondition_required');
    const stale = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body,
      headers: { 'if-match': String((user.version ?? 0) + 5) },
    });
    expect(stale.status).toBe(412);
    expect(obj(stale.body).code).toBe('version_mismatch');
    const before = await lastEventId(platform, admin);
    const ok = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body,
      headers: { 'if-match': `"${user.version}"` },
    });
    expect(ok.status).toBe(200);
    const changed = userSchema.parse(ok.body);
    expect(changed.full_name).toBe('Renamed Person');
    expect(changed.version).toBe((user.version ?? 0) + 1);
    const events = await eventsAfter(platform, admin, before);
    expect(events).toHaveLength(1);
    expect(events[0]?.action).toBe('user_updated');
    expect(events[0]?.details).toMatchObject({
      changes: { full_name: { from: user.full_name, to: 'Renamed Person' } },
    });
    // The old version is now stale.
    const again = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { full_name: 'Third' },
      headers: { 'if-match': String(user.version) },
    });
    expect(again.status).toBe(412);
  });

  it('refuses fields a PATCH cannot change (422) and writes nothing for a no-op', async () => {
    const user = await createUser();
    const extra = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { username: 'renamed' },
      headers: { 'if-match': String(user.version) },
    });
    expect(extra.status).toBe(422);
    const before = await lastEventId(platform, admin);
    const same = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { role: user.role },
      headers: { 'if-match': String(user.version) },
    });
    expect(userSchema.parse(same.body).version).toBe(user.version);
    expect(await eventsAfter(platform, admin, before)).toEqual([]);
  });

  it('deactivation writes user_deactivated and ends the user’s access at once; activation writes user_activated', async () => {
    const password = strongPassword();
    const user = await createUser({ password });
    const tokens = await login(platform, user.username, password);
    const before = await lastEventId(platform, admin);
    const off = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { is_active: false },
      headers: { 'if-match': String(user.version) },
    });
    expect(off.status).toBe(200);
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: tokens.access_token })).status).toBe(
      401,
    );
    const refused = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password },
    });
    expect(refused.status).toBe(401);
    expect(obj(refused.body).code).toBe('account_inactive');
    const on = await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { is_active: true },
      headers: { 'if-match': String(userSchema.parse(off.body).version) },
    });
    expect(on.status).toBe(200);
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => e.action)).toEqual(['user_deactivated', 'login_failed', 'user_activated']);
  });

  it('a role change takes effect on the next request', async () => {
    const password = strongPassword();
    const user = await createUser({ password, role: 'guest' });
    const token = (await login(platform, user.username, password)).access_token;
    expect((await call(platform.url, 'GET', '/api/v1/users', { token })).status).toBe(403);
    await call(platform.url, 'PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { role: 'admin' },
      headers: { 'if-match': String(user.version) },
    });
    expect((await call(platform.url, 'GET', '/api/v1/users', { token })).status).toBe(200);
  });
});

describe('last admin, delete, reset-password, unlock', () => {
  it('keeps one active admin and refuses to delete yourself (409)', async () => {
    const local = await launch();
    const token = (await login(local, 'admin')).access_token;
    const me = userSchema.parse((await call(local.url, 'GET', '/api/v1/auth/me', { token })).body);
    for (const body of [{ role: 'user' }, { is_active: false }]) {
      const answer = await call(local.url, 'PATCH', `/api/v1/users/${me.id}`, {
        token,
        body,
        headers: { 'if-match': String(me.version) },
      });
      expect(answer.status).toBe(409);
      expect(obj(answer.body).code).toBe('last_admin');
    }
    const self = await call(local.url, 'DELETE', `/api/v1/users/${me.id}`, { token });
    expect(self.status).toBe(409);
    expect(obj(self.body).code).toBe('cannot_delete_self');
    // A custom role that may manage and delete users still cannot remove the last admin.
    await call(local.url, 'POST', '/api/v1/roles', {
      token,
      body: { name: 'ops', description: 'Ops', permissions: ['read', 'manage_users', 'delete'] },
    });
    const password = strongPassword();
    await call(local.url, 'POST', '/api/v1/users', {
      token,
      body: { username: 'opsy', email: 'opsy@example.org', password, role: 'ops' },
    });
    const ops = (await login(local, 'opsy', password)).access_token;
    const last = await call(local.url, 'DELETE', `/api/v1/users/${me.id}`, { token: ops });
    expect(last.status).toBe(409);
    expect(obj(last.body).code).toBe('last_admin');
    // With a second admin, the first may step down.
    const second = userSchema.parse(
      (
        await call(local.url, 'POST', '/api/v1/users', {
          token,
          body: { username: 'admin2', email: 'a2@example.org', password, role: 'admin' },
        })
      ).body,
    );
    expect(second.role).toBe('admin');
    const down = await call(local.url, 'PATCH', `/api/v1/users/${me.id}`, {
      token,
      body: { role: 'user' },
      headers: { 'if-match': String(me.version) },
    });
    expect(down.status).toBe(200);
  });

  it('deletes (204, one user_deleted) and then answers 404', async () => {
    const user = await createUser();
    const before = await lastEventId(platform, admin);
    expect((await call(platform.url, 'DELETE', `/api/v1/users/${user.id}`, { token: admin })).status).toBe(
      204,
    );
    expect((await call(platform.url, 'GET', `/api/v1/users/${user.id}`, { token: admin })).status).toBe(404);
    expect((await call(platform.url, 'DELETE', `/api/v1/users/${user.id}`, { token: admin })).status).toBe(
      404,
    );
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => [e.action, e.resource_id])).toEqual([['user_deleted', String(user.id)]]);
  });

  it('reset-password enforces the policy, revokes refresh tokens and writes password_reset', async () => {
    const oldPassword = strongPassword();
    const user = await createUser({ password: oldPassword });
    const tokens = await login(platform, user.username, oldPassword);
    const weak = await call(platform.url, 'POST', `/api/v1/users/${user.id}/reset-password`, {
      token: admin,
      body: { new_password: 'weak' },
    });
    expect(weak.status).toBe(422);
    const before = await lastEventId(platform, admin);
    const newPassword = strongPassword();
    const reset = await call(platform.url, 'POST', `/api/v1/users/${user.id}/reset-password`, {
      token: admin,
      body: { new_password: newPassword },
    });
    expect(reset.status).toBe(204);
    const refresh = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(refresh.status).toBe(401);
    const old = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: oldPassword },
    });
    expect(old.status).toBe(401);
    await login(platform, user.username, newPassword);
    const events = await eventsAfter(platform, admin, before);
    expect(events.map((e) => e.action)).toEqual(['password_reset', 'login_failed', 'login_success']);
    expect(JSON.stringify(events)).not.toContain(newPassword);
  });

  it('unlock of a user with nothing to clear is a 204 without an event; unknown id 404', async () => {
    const user = await createUser();
    const before = await lastEventId(platform, admin);
    expect(
      (await call(platform.url, 'POST', `/api/v1/users/${user.id}/unlock`, { token: admin })).status,
    ).toBe(204);
    expect(await eventsAfter(platform, admin, before)).toEqual([]);
    expect((await call(platform.url, 'POST', '/api/v1/users/999999/unlock', { token: admin })).status).toBe(
      404,
    );
  });
});
