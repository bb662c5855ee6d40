import { describe, expect, it } from 'vitest';
import type { BulkAction } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { bulkChanges, LAST_ADMIN_REASON, previewVerdicts } from './bulk-verdicts';
import { mapConcurrently } from './bulk';
import { sampleUser } from './testing/sample-users';

const SELF = 100;
const admin = (id: number, overrides: Partial<User> = {}) => sampleUser(id, { role: 'admin', ...overrides });

function verdicts(
  action: BulkAction,
  targets: (User | number)[],
  activeAdmins: number[],
): [string, string, string | null, string | null][] {
  return previewVerdicts(
    action,
    targets.map((t) => (typeof t === 'number' ? { id: t, user: null } : { id: t.id, user: t })),
    new Set(activeAdmins),
    SELF,
  ).map((item) => [item.username, item.verdict, item.from, item.to]);
}

describe('bulk preview verdicts', () => {
  it('change, no change, and a user the server no longer has', () => {
    expect(
      verdicts({ kind: 'deactivate' }, [sampleUser(1), sampleUser(2, { is_active: false }), 3], [SELF]),
    ).toEqual([
      ['user1', 'change', 'active', 'inactive'],
      ['user2', 'no_change', 'inactive', 'inactive'],
      ['#3', 'refused', null, 'inactive'],
    ]);
    expect(
      verdicts({ kind: 'set_role', role: 'guest' }, [sampleUser(1), sampleUser(2, { role: 'guest' })], []),
    ).toEqual([
      ['user1', 'change', 'user', 'guest'],
      ['user2', 'no_change', 'guest', 'guest'],
    ]);
  });

  it('never deactivates or re-roles the administrator running it', () => {
    const self = admin(SELF);
    const [deactivate] = previewVerdicts(
      { kind: 'deactivate' },
      [{ id: SELF, user: self }],
      new Set([SELF, 7]),
      SELF,
    );
    expect(deactivate).toMatchObject({
      verdict: 'refused',
      reason: expect.stringMatching(/your own account/) as string,
    });
    const [demote] = previewVerdicts(
      { kind: 'set_role', role: 'user' },
      [{ id: SELF, user: self }],
      new Set([SELF, 7]),
      SELF,
    );
    expect(demote?.verdict).toBe('refused');
    // Reactivating yourself is no change at all: you are active.
    expect(verdicts({ kind: 'reactivate' }, [self], [SELF])).toEqual([
      [`user${SELF}`, 'no_change', 'active', 'active'],
    ]);
  });

  it('refuses the change that would take away the last active admin, in order', () => {
    const [a, b, c] = [admin(1), admin(2), admin(3)];
    expect(verdicts({ kind: 'deactivate' }, [a, b, c], [1, 2, 3])).toEqual([
      ['user1', 'change', 'active', 'inactive'],
      ['user2', 'change', 'active', 'inactive'],
      ['user3', 'refused', 'active', 'inactive'],
    ]);
    const items = previewVerdicts(
      { kind: 'set_role', role: 'user' },
      [{ id: 1, user: a }],
      new Set([1]),
      SELF,
    );
    expect(items[0]).toMatchObject({ verdict: 'refused', reason: LAST_ADMIN_REASON });
    // Admins outside the selection keep one: every selected one may go.
    expect(verdicts({ kind: 'deactivate' }, [a, b], [1, 2, 9]).map((v) => v[1])).toEqual([
      'change',
      'change',
    ]);
    // Making someone an admin never takes one away.
    expect(verdicts({ kind: 'set_role', role: 'admin' }, [a, sampleUser(4)], [1]).map((v) => v[1])).toEqual([
      'no_change',
      'change',
    ]);
  });

  it('trusts the fresh read of a target over the admin list', () => {
    // The list still counts 2 as an active admin, but the fresh read says 2 was deactivated.
    const stale = admin(2, { is_active: false });
    expect(verdicts({ kind: 'deactivate' }, [admin(1), stale], [1, 2]).map((v) => v[1])).toEqual([
      'refused',
      'no_change',
    ]);
    // An inactive admin is not an active admin: reactivating or demoting them takes none away.
    expect(verdicts({ kind: 'set_role', role: 'user' }, [stale], [1]).map((v) => v[1])).toEqual(['change']);
  });

  it('refuses a role the server does not have, when it lists its roles', () => {
    const items = previewVerdicts(
      { kind: 'set_role', role: 'ghost' },
      [{ id: 1, user: sampleUser(1) }],
      new Set(),
      SELF,
      new Set(['admin', 'user', 'guest']),
    );
    expect(items[0]).toMatchObject({ verdict: 'refused', reason: 'The server has no role called "ghost".' });
  });

  it('carries the version read, for the apply to send as If-Match', () => {
    const [item] = previewVerdicts(
      { kind: 'deactivate' },
      [{ id: 5, user: sampleUser(5, { version: 7 }) }],
      new Set(),
      SELF,
    );
    expect(item?.version).toBe(7);
  });

  it('asks the server for the one field the action changes', () => {
    expect(bulkChanges({ kind: 'deactivate' })).toEqual({ is_active: false });
    expect(bulkChanges({ kind: 'reactivate' })).toEqual({ is_active: true });
    expect(bulkChanges({ kind: 'set_role', role: 'guest' })).toEqual({ role: 'guest' });
  });
});

describe('mapConcurrently', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0], 4, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(4);
    expect(await mapConcurrently([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
