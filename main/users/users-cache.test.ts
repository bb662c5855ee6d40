import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/role';
import { UsersCache } from './users-cache';
import { sampleUser } from './testing/sample-users';

let folder: string;
let environments: Set<string>;
let cache: UsersCache;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'users-cache-'));
  environments = new Set(['prod', 'test']);
  cache = new UsersCache(folder, (id) => environments.has(id));
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const role = (name: string, user_count = 0): Role => ({
  name,
  description: `${name} role`,
  permissions: ['read'],
  built_in: false,
  user_count,
  updated_at: null,
  version: 1,
});

describe('the users copy', () => {
  it('upserts users by id with when each was fetched, per environment', () => {
    cache.saveUsers('prod', [sampleUser(1), sampleUser(2)], 1000);
    cache.saveUsers('prod', [sampleUser(2, { full_name: 'Renamed', version: 2 })], 2000);
    cache.saveUsers('test', [sampleUser(9)], 3000);
    expect(cache.users('prod').map((e) => [e.user.id, e.user.full_name, e.fetchedAt])).toEqual([
      [1, 'User 1', 1000],
      [2, 'Renamed', 2000],
    ]);
    expect(cache.user('prod', 2)).toMatchObject({ user: { version: 2 }, fetchedAt: 2000 });
    expect(cache.user('prod', 9)).toBeNull();
    expect(
      fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.users.sqlite'))
        .sort(),
    ).toEqual(['prod.users.sqlite', 'test.users.sqlite']);
  });

  it('a whole list drops users the server no longer has, but not ones fetched after it began', () => {
    cache.saveUsers('prod', [sampleUser(1), sampleUser(2), sampleUser(3)], 1000);
    cache.saveUsers('prod', [sampleUser(3)], 2500); // a single read while the whole list was being fetched
    cache.saveUsers('prod', [sampleUser(1)], 2000, true);
    expect(cache.users('prod').map((e) => e.user.id)).toEqual([1, 3]);
    cache.forgetUser('prod', 3);
    expect(cache.users('prod').map((e) => e.user.id)).toEqual([1]);
  });

  it('skips rows it can no longer read instead of showing them wrong', () => {
    cache.saveUsers('prod', [sampleUser(1), sampleUser(2)], 1000);
    const db = new Database(path.join(folder, 'prod.users.sqlite'));
    db.prepare('UPDATE users SET body = \'{"id": 2}\' WHERE id = 2').run();
    db.close();
    expect(cache.users('prod').map((e) => e.user.id)).toEqual([1]);
    expect(cache.user('prod', 2)).toBeNull();
  });

  it('keeps the whole roles list in the server’s order, and single roles after writes', () => {
    cache.saveRoles(
      'prod',
      [role('admin', 1), role('user', 5), role('auditor')],
      [{ name: 'read', description: 'Read' }],
      1000,
    );
    cache.saveRole('prod', role('zz-new'), 2000);
    cache.saveRole('prod', { ...role('user', 6), version: 2 }, 2000);
    cache.forgetRole('prod', 'auditor');
    const held = cache.roles('prod');
    expect(held.roles.map((r) => [r.name, r.user_count])).toEqual([
      ['admin', 1],
      ['user', 6],
      ['zz-new', 0],
    ]);
    expect(held.permissions).toEqual([{ name: 'read', description: 'Read' }]);
    expect(held.fetchedAt).toBe(1000);
    cache.saveRoles('prod', [role('guest')], [], 3000);
    expect(cache.roles('prod')).toMatchObject({
      roles: [{ name: 'guest' }],
      permissions: [],
      fetchedAt: 3000,
    });
    expect(cache.roles('test')).toEqual({ roles: [], permissions: [], fetchedAt: null });
  });

  it('lets go of a file on release, so it can be removed, and starts afresh after', () => {
    cache.saveUsers('prod', [sampleUser(1)], 1000);
    cache.release('prod');
    for (const file of fs.readdirSync(folder).filter((f) => f.startsWith('prod.')))
      fs.rmSync(path.join(folder, file));
    expect(cache.users('prod')).toEqual([]);
    cache.saveUsers('prod', [sampleUser(2)], 2000);
    expect(cache.users('prod').map((e) => e.user.id)).toEqual([2]);
  });

  it('writes nothing for an environment that is gone, or after closing', () => {
    environments.delete('test');
    cache.saveUsers('test', [sampleUser(1)], 1000);
    expect(cache.users('test')).toEqual([]);
    expect(fs.existsSync(path.join(folder, 'test.users.sqlite'))).toBe(false);
    cache.close();
    cache.saveUsers('prod', [sampleUser(1)], 1000);
    expect(cache.users('prod')).toEqual([]);
    expect(fs.existsSync(path.join(folder, 'prod.users.sqlite'))).toBe(false);
  });
});
