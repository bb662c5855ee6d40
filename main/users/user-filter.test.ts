import { describe, expect, it } from 'vitest';
import { userFilterSchema, type UserFilterInput } from '../../shared/domain/user-admin';
import { compareUsers, isLocked, matchesFilter, pageUsers } from './user-filter';
import { sampleUser } from './testing/sample-users';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');
const filter = (input: UserFilterInput) => userFilterSchema.parse(input);

describe('the local users filter', () => {
  const ada = sampleUser(1, { username: 'Ada', email: 'ada@lovelace.test', full_name: 'Ada Lovelace' });
  const bob = sampleUser(2, { username: 'bob', email: 'b@example.test', full_name: null, role: 'guest' });
  const cy = sampleUser(3, { username: 'cy', is_active: false, locked_until: '2026-11-27T12:10:00.000Z' });

  it('searches username, email and full name without regard to case, ignoring surrounding spaces', () => {
    const names = (search: string) =>
      [ada, bob, cy].filter((u) => matchesFilter(u, filter({ search }), NOW)).map((u) => u.username);
    expect(names('LOVELACE')).toEqual(['Ada']);
    expect(names(' ada ')).toEqual(['Ada']);
    expect(names('B@EXAMPLE')).toEqual(['bob']);
    expect(names('')).toEqual(['Ada', 'bob', 'cy']);
    // A user without a full name is matched on the other two only.
    expect(names('null')).toEqual([]);
  });

  it('narrows by role, active state and running lockouts', () => {
    const names = (input: UserFilterInput) =>
      [ada, bob, cy].filter((u) => matchesFilter(u, filter(input), NOW)).map((u) => u.username);
    expect(names({ role: 'guest' })).toEqual(['bob']);
    expect(names({ active: 'inactive' })).toEqual(['cy']);
    expect(names({ active: 'active' })).toEqual(['Ada', 'bob']);
    expect(names({ lockedOnly: true })).toEqual(['cy']);
    expect(names({ lockedOnly: true, active: 'active' })).toEqual([]);
  });

  it('counts a lock only while it lasts; a zoneless time is UTC; a legacy user has none', () => {
    expect(isLocked({ locked_until: '2026-11-27T11:59:59.999Z' }, NOW)).toBe(false);
    expect(isLocked({ locked_until: '2026-11-27T12:00:00.001Z' }, NOW)).toBe(true);
    expect(isLocked({ locked_until: '2026-11-27T12:30:00' }, NOW)).toBe(true);
    expect(isLocked({ locked_until: '2026-11-27T13:30:00+02:00' }, NOW)).toBe(false);
    expect(isLocked({ locked_until: null }, NOW)).toBe(false);
    expect(isLocked({}, NOW)).toBe(false);
    expect(isLocked({ locked_until: 'soon' }, NOW)).toBe(false);
  });
});

describe('the local users sort', () => {
  const users = [
    sampleUser(1, { username: 'beta', created_at: '2026-03-01T00:00:00.000Z', last_login: null }),
    sampleUser(2, {
      username: 'Alpha',
      created_at: '2026-01-01T00:00:00.000Z',
      last_login: '2026-11-01T00:00:00.000Z',
    }),
    sampleUser(3, {
      username: 'alpha',
      created_at: '2026-01-01T00:00:00.000Z',
      last_login: '2026-10-01T00:00:00.000Z',
    }),
    sampleUser(4, { username: 'gamma', created_at: '2026-02-01T00:00:00.000Z', last_login: null }),
  ];
  const order = (sort: Parameters<typeof compareUsers>[0]) =>
    [...users].sort(compareUsers(sort)).map((u) => u.id);

  it('orders as the server does: names without case then id, times then id, descending reverses both', () => {
    expect(order('username')).toEqual([2, 3, 1, 4]);
    expect(order('-username')).toEqual([4, 1, 3, 2]);
    expect(order('created_at')).toEqual([2, 3, 4, 1]);
    expect(order('-created_at')).toEqual([1, 4, 3, 2]);
  });

  it('puts users who never signed in last, in both directions', () => {
    expect(order('last_login')).toEqual([3, 2, 1, 4]);
    expect(order('-last_login')).toEqual([2, 3, 4, 1]);
  });

  it('pages after filtering and sorting, counting every match', () => {
    const page = pageUsers(users, filter({ search: 'a', sort: '-username' }), 1, 2, NOW);
    expect(page.total).toBe(4);
    expect(page.items.map((u) => u.id)).toEqual([1, 3]);
    expect(pageUsers(users, filter({}), 10, 5, NOW)).toEqual({ items: [], total: 4 });
  });
});
