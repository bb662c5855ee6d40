import { afterEach, describe, expect, it } from 'vitest';
import { userListInputSchema, type UserFilterInput } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { OppError } from '../../shared/errors';
import type { HttpRequest } from '../http/http-client';
import { createUserAdmin } from './user-admin-handlers';
import { fakeDeps, ok } from './testing/fake-deps';
import { sampleUser } from './testing/sample-users';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');
const LOCK = { locked_until: '2026-11-27T12:10:00.000Z', failed_login_attempts: 5 };

/** 1200 users; every hundredth is locked, id 7 locked until a moment ago. */
const everyone: User[] = Array.from({ length: 1200 }, (_, i) =>
  sampleUser(i + 1, {
    ...((i + 1) % 100 === 0 ? LOCK : {}),
    ...(i + 1 === 7 ? { locked_until: '2026-11-27T11:59:00.000Z' } : {}),
  }),
);

let offline = false;
const cleanups: (() => void)[] = [];
afterEach(() => {
  offline = false;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function server(request: HttpRequest) {
  if (offline) throw new OppError('OFFLINE', 'The platform API cannot be reached (ECONNREFUSED).');
  const query = request.query ?? {};
  const skip = Number(query['skip'] ?? 0);
  const limit = Number(query['limit'] ?? 50);
  if (request.path === '/api/v1/users') {
    return ok({ items: everyone.slice(skip, skip + limit), total: everyone.length });
  }
  if (request.path === '/api/v1/auth/users') {
    const newest = [...everyone]
      .reverse()
      .map(({ version: _v, locked_until: _l, updated_at: _u, ...rest }) => rest);
    return ok({ users: newest.slice(skip, skip + limit), total_users: newest.length });
  }
  if (request.path.endsWith('/unlock')) return ok(undefined, 204);
  return ok({ detail: 'Not found' }, 404);
}

function setUp() {
  const fake = fakeDeps(server);
  const admin = createUserAdmin(fake.deps);
  cleanups.push(() => {
    admin.close();
    fake.cleanup();
  });
  const list = (filter: UserFilterInput, offset = 0, limit = 20) =>
    admin.reader.list(userListInputSchema.parse({ environmentId: 'prod', filter, offset, limit }));
  return { fake, admin, list };
}

describe('the users list', () => {
  it('asks the server to filter, sort and page when it can', async () => {
    const { fake, list } = setUp();
    const page = await list(
      { search: '  Ann ', role: 'guest', active: 'inactive', sort: '-last_login' },
      40,
      20,
    );
    expect(fake.requests.map((r) => [r.path, r.query])).toEqual([
      [
        '/api/v1/users',
        { q: 'Ann', role: 'guest', is_active: 'false', sort: '-last_login', skip: 40, limit: 20 },
      ],
    ]);
    expect(page).toMatchObject({
      source: 'server',
      offset: 40,
      total: 1200,
      asOf: new Date(NOW).toISOString(),
    });
  });

  it('pages through every user for the locked filter, and reuses that list briefly', async () => {
    const { fake, admin, list } = setUp();
    const page = await list({ lockedOnly: true, sort: '-username' }, 0, 5);
    expect(fake.requests.map((r) => [r.query?.['skip'], r.query?.['limit'], r.query?.['sort']])).toEqual([
      [0, 500, 'created_at'],
      [500, 500, 'created_at'],
      [1000, 500, 'created_at'],
    ]);
    // Twelve locks, and 7's has ended.
    expect(page.total).toBe(12);
    expect(page.items.map((u) => u.id)).toEqual([900, 800, 700, 600, 500]);
    expect(page.note).toMatch(/checked the 1,200 matching users itself/);

    // The next page within seconds: no new requests.
    fake.clock.now += 10_000;
    expect((await list({ lockedOnly: true, sort: '-username' }, 5, 5)).items.map((u) => u.id)).toEqual([
      400, 300, 200, 1200, 1100,
    ]);
    expect(fake.requests).toHaveLength(3);
    // A write in the environment drops it at once.
    await admin.users.unlock('prod', 100);
    await list({ lockedOnly: true });
    expect(fake.requests).toHaveLength(3 + 1 + 3);
    // And so does time.
    fake.clock.now += 15_000;
    await list({ lockedOnly: true });
    expect(fake.requests).toHaveLength(10);
  });

  it('offline, answers from the copy as old as the oldest row shown', async () => {
    const { fake, list } = setUp();
    await list({}, 0, 10); // ids 1..10 at NOW
    fake.clock.now += 60_000;
    await list({}, 5, 10); // ids 6..15 a minute later
    offline = true;
    fake.clock.now += 60_000;
    const early = await list({ sort: 'created_at' }, 0, 3);
    expect(early).toMatchObject({
      source: 'cache',
      readOnly: true,
      total: 15,
      asOf: new Date(NOW).toISOString(),
    });
    const late = await list({ search: 'user15' }, 0, 3);
    expect(late.items.map((u) => u.id)).toEqual([15]);
    expect(late.asOf).toBe(new Date(NOW + 60_000).toISOString());
    // Nothing matches: as of the newest fetch.
    expect((await list({ search: 'nobody' })).asOf).toBe(new Date(NOW + 60_000).toISOString());
  });

  it('offline with no copy, says so', async () => {
    const { list } = setUp();
    offline = true;
    await expect(list({})).rejects.toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(/No copy of its users is kept on this computer yet\.$/) as string,
    });
  });

  it('against a legacy server, fetches the whole list and does the rest itself', async () => {
    const { fake, list } = setUp();
    fake.state.session = { ...fake.state.session!, capabilities: ['audit_legacy'] };
    const page = await list({ sort: 'username', search: 'user11' }, 0, 3);
    expect(fake.requests.every((r) => r.path === '/api/v1/auth/users' && r.query?.['limit'] === 100)).toBe(
      true,
    );
    expect(fake.requests).toHaveLength(12);
    expect(page).toMatchObject({ source: 'local', readOnly: true, total: 111 });
    expect(page.items.map((u) => u.username)).toEqual(['user11', 'user110', 'user1100']);
    expect(page.note).toMatch(/^This server offers a read-only user list/);
  });

  it('answers nothing, not even the copy, to a role without manage_users', async () => {
    const { fake, list } = setUp();
    await list({});
    fake.state.session = { ...fake.state.session!, role: 'guest', permissions: ['read'] };
    offline = true;
    await expect(list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
