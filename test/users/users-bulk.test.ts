import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkPreviewItem, BulkResultItem, UserDetail } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { environmentDraft, requireKeyring, type ConsoleUnderTest } from '../session/console-under-test';
import { consoleSignedIn, createUser, invalidatedScopes } from './users-helpers';

let platform: RunningPlatform;
let app: ConsoleUnderTest;
/** `admin` (the seed's), a second admin, the bulk runner (manages users, not an admin) and users. */
let admin: User;
let adminTwo: User;
let keeper: User;
let users: User[];
let inactive: User;

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform();
  app = await consoleSignedIn([{ id: 'a', platform, username: 'admin' }]);
  await app.ok('roles.create', {
    environmentId: 'a',
    name: 'user-keeper',
    description: 'Manages users',
    permissions: ['read', 'manage_users', 'delete'],
  });
  admin = (await app.ok<UserDetail>('users.get', { environmentId: 'a', id: 1 })).user;
  adminTwo = await createUser(app, 'a', { username: 'admin-two', role: 'admin' });
  keeper = await createUser(app, 'a', {
    username: 'keeper',
    role: 'user-keeper',
    password: platform.password,
  });
  users = [];
  for (let i = 1; i <= 3; i += 1) users.push(await createUser(app, 'a', { username: `member-${i}` }));
  inactive = await createUser(app, 'a', { username: 'sleeper', is_active: false });
  await app.ok('environments.save', environmentDraft(platform.url, 'k'));
  await app.ok('session.signIn', { environmentId: 'k', username: 'keeper', password: platform.password });
});

afterAll(async () => {
  await app?.stop();
  await platform?.stop();
});

const preview = (action: unknown, ids: number[]) =>
  app.ok<BulkPreviewItem[]>('users.bulkPreview', { environmentId: 'k', action, ids });

const verdicts = (items: BulkPreviewItem[]) =>
  items.map((item) => [
    item.username,
    item.verdict,
    item.from,
    item.to,
    item.reason === null ? null : 'reason',
  ]);

describe('bulk actions', () => {
  it('preview each user read fresh: change, no change, or refused with the reason', async () => {
    const [member] = users as [User];
    const items = await preview({ kind: 'deactivate' }, [
      admin.id,
      adminTwo.id,
      member.id,
      inactive.id,
      99_999,
      keeper.id,
    ]);
    expect(verdicts(items)).toEqual([
      ['admin', 'change', 'active', 'inactive', null],
      ['admin-two', 'refused', 'active', 'inactive', 'reason'],
      ['member-1', 'change', 'active', 'inactive', null],
      ['sleeper', 'no_change', 'inactive', 'inactive', null],
      ['#99999', 'refused', null, 'inactive', 'reason'],
      ['keeper', 'refused', 'active', 'inactive', 'reason'],
    ]);
    expect(items[1]?.reason).toMatch(/without an active admin/);
    expect(items[4]?.reason).toMatch(/no such user/);
    expect(items[5]?.reason).toMatch(/your own account/);
    expect(items.map((item) => item.version)).toEqual([
      admin.version,
      adminTwo.version,
      member.version,
      inactive.version,
      null,
      keeper.version,
    ]);

    expect(verdicts(await preview({ kind: 'set_role', role: 'guest' }, [adminTwo.id, admin.id]))).toEqual([
      ['admin-two', 'change', 'admin', 'guest', null],
      ['admin', 'refused', 'admin', 'guest', 'reason'],
    ]);
    const ghost = await preview({ kind: 'set_role', role: 'ghost' }, [member.id]);
    expect(ghost[0]).toMatchObject({ verdict: 'refused', reason: 'The server has no role called "ghost".' });
    expect(verdicts(await preview({ kind: 'reactivate' }, [inactive.id, member.id]))).toEqual([
      ['sleeper', 'change', 'inactive', 'active', null],
      ['member-1', 'no_change', 'active', 'active', null],
    ]);
  });

  it('apply goes on past every failure and reports each user', async () => {
    const [first, second, third] = users as [User, User, User];
    const items = await preview({ kind: 'deactivate' }, [admin.id, first.id, second.id, third.id]);
    expect(items.map((item) => item.verdict)).toEqual(['change', 'change', 'change', 'change']);

    // After the preview, another administrator changes one of them and demotes the second admin,
    // which leaves `admin` the last one.
    await app.ok('users.update', {
      environmentId: 'a',
      id: second.id,
      baseVersion: second.version,
      changes: { full_name: 'Changed meanwhile' },
    });
    await app.ok('users.update', {
      environmentId: 'a',
      id: adminTwo.id,
      baseVersion: adminTwo.version,
      changes: { role: 'user' },
    });

    const mark = app.pushes.length;
    const results = await app.ok<BulkResultItem[]>('users.bulkApply', {
      environmentId: 'k',
      action: { kind: 'deactivate' },
      targets: [
        ...items.map((item) => ({ id: item.id, version: item.version })),
        { id: keeper.id, version: 1 },
      ],
    });
    expect(results.map((r) => [r.username, r.outcome, r.code])).toEqual([
      ['admin', 'failed', 'CONFLICT'],
      ['member-1', 'changed', null],
      ['member-2', 'failed', 'VERSION_MISMATCH'],
      ['member-3', 'changed', null],
      ['keeper', 'failed', 'CONFLICT'],
    ]);
    expect(results[0]?.reason).toMatch(/without an active admin.*Make another user an active admin first/);
    expect(results[2]?.reason).toMatch(/since the preview/);
    expect(results[4]?.reason).toMatch(/your own account/);
    expect(results[1]?.user).toMatchObject({
      id: first.id,
      is_active: false,
      version: (first.version ?? 0) + 1,
    });
    expect(invalidatedScopes(app, 'k', mark)).toEqual(['users']);

    const now = async (id: number) =>
      (await app.ok<UserDetail>('users.get', { environmentId: 'a', id })).user;
    expect(await now(admin.id)).toMatchObject({ is_active: true, role: 'admin' });
    expect(await now(second.id)).toMatchObject({ is_active: true, full_name: 'Changed meanwhile' });
    expect(await now(third.id)).toMatchObject({ is_active: false });
  });
});
