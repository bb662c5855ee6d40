import { describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/user';
import {
  deriveRoles,
  derivedPermissions,
  fetchLegacyUsers,
  LEGACY_PAGE,
  rolesWithoutUsers,
} from './legacy-users';
import { sampleUser } from './testing/sample-users';

/** A legacy server's list over `users`, newest first, optionally misbehaving. */
function legacyServer(users: User[], options: { ignoresSkip?: boolean; total?: boolean } = {}) {
  const asked: number[] = [];
  const getPage = ({ skip, limit }: { skip: number; limit: number }) => {
    asked.push(skip);
    const from = options.ignoresSkip === true ? 0 : skip;
    return Promise.resolve({
      users: users.slice(from, from + limit),
      ...(options.total === false ? {} : { total_users: users.length }),
    });
  };
  return { getPage, asked };
}

const many = (n: number) => Array.from({ length: n }, (_, i) => sampleUser(n - i));

describe('fetching a legacy server’s whole list', () => {
  it('reads page after page until the total, keeping each page in the copy', async () => {
    const server = legacyServer(many(250));
    const pages: number[] = [];
    const { users, cut } = await fetchLegacyUsers(server.getPage, 100_000, (page) => pages.push(page.length));
    expect(users).toHaveLength(250);
    expect(cut).toBe(false);
    expect(server.asked).toEqual([0, 100, 200]);
    expect(pages).toEqual([100, 100, 50]);
  });

  it('stops at an exact multiple of the page without a total, and at a server that ignores skip', async () => {
    const exact = legacyServer(many(2 * LEGACY_PAGE), { total: false });
    expect((await fetchLegacyUsers(exact.getPage, 100_000, () => undefined)).users).toHaveLength(200);
    expect(exact.asked).toEqual([0, 100, 200]);
    const stuck = legacyServer(many(300), { ignoresSkip: true, total: false });
    expect((await fetchLegacyUsers(stuck.getPage, 100_000, () => undefined)).users).toHaveLength(100);
    expect(stuck.asked).toEqual([0, 100]);
  });

  it('drops a user seen twice (the pages shifted under a new user) and says when it was cut', async () => {
    const users = many(150);
    let shifted = false;
    const getPage = ({ skip, limit }: { skip: number; limit: number }) => {
      // A user is created after the first page: everyone moves down by one.
      const list = shifted ? [sampleUser(999), ...users] : users;
      shifted = true;
      return Promise.resolve({ users: list.slice(skip, skip + limit), total_users: list.length });
    };
    const all = await fetchLegacyUsers(getPage, 100_000, () => undefined);
    expect(new Set(all.users.map((u) => u.id)).size).toBe(all.users.length);
    expect(all.users).toHaveLength(150);

    const capped = await fetchLegacyUsers(legacyServer(many(450)).getPage, 200, () => undefined);
    expect(capped).toMatchObject({ cut: true });
    expect(capped.users).toHaveLength(200);
  });
});

describe('roles derived from users', () => {
  it('counts the holders of each role, built-in ones first and always, with the permissions the users carry', () => {
    const roles = deriveRoles([
      sampleUser(1, { role: 'admin', permissions: ['manage_users', 'read', 'admin'] }),
      sampleUser(2, { role: 'user' }),
      sampleUser(3, { role: 'user' }),
      sampleUser(4, { role: 'auditor', permissions: ['view_audit_logs', 'read'] }),
      sampleUser(5, { role: 'aardvark', permissions: ['custom_thing', 'read'] }),
    ]);
    expect(roles.map((r) => [r.name, r.user_count, r.built_in])).toEqual([
      ['admin', 1, true],
      ['user', 2, true],
      ['guest', 0, true],
      ['aardvark', 1, false],
      ['auditor', 1, false],
    ]);
    expect(roles[0]?.permissions).toEqual(['read', 'admin', 'manage_users']);
    expect(roles[3]?.permissions).toEqual(['read', 'custom_thing']);
    // Nobody is a guest: the seed's permissions, and the description says so.
    expect(roles[2]).toMatchObject({
      permissions: ['read'],
      description: expect.stringMatching(/No user holds/) as string,
    });
    expect(roles.every((r) => r.version === 0 && r.updated_at === null)).toBe(true);
    expect(derivedPermissions(roles).map((p) => p.name)).toEqual([
      'read',
      'write',
      'admin',
      'delete',
      'manage_users',
      'manage_roles',
      'view_audit_logs',
      'edit_profile',
      'change_password',
      'custom_thing',
    ]);
  });

  it('without the user list: the seed’s built-in roles and your own, uncounted', () => {
    expect(rolesWithoutUsers({ role: 'auditor', permissions: ['view_audit_logs', 'read'] })).toEqual([
      expect.objectContaining({ name: 'admin', user_count: 0, built_in: true }),
      expect.objectContaining({
        name: 'user',
        permissions: ['read', 'write', 'edit_profile', 'change_password'],
      }),
      expect.objectContaining({ name: 'guest', permissions: ['read'] }),
      expect.objectContaining({ name: 'auditor', permissions: ['read', 'view_audit_logs'], built_in: false }),
    ]);
    // Your own built-in role shows the permissions your session carries.
    expect(rolesWithoutUsers({ role: 'user', permissions: ['read'] })[1]?.permissions).toEqual(['read']);
  });
});
