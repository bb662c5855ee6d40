import type { z } from 'zod';
import type { UserDetail, UserFilter, UserPage, userListInputSchema } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { OppError } from '../../shared/errors';
import { MAX_LOCAL_USERS, serverQuery, type AllUsersFetcher } from './all-users';
import type { UserAdminContext } from './user-admin-context';
import { isOffline } from './user-admin-errors';
import { pageUsers } from './user-filter';
import { serverUserSchema, userPageAnswerSchema } from './user-schemas';

export type UserListInput = z.output<typeof userListInputSchema>;

const CUT = ` Only the first ${MAX_LOCAL_USERS.toLocaleString('en')} users were fetched; narrow the filter to see the rest.`;
const OFFLINE_NOTE =
  'The server cannot be reached: these are the users as this console last fetched them. Read-only until the connection is back.';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The users list and a user's detail: from the server where it can filter itself, from a whole
 * list main filters where it cannot (a legacy server, the locked-only filter), and from the
 * offline copy when the server cannot be reached. Every answer says which in `source`.
 */
export class UsersReader {
  constructor(
    private readonly ctx: UserAdminContext,
    private readonly all: AllUsersFetcher,
  ) {}

  async list(input: UserListInput): Promise<UserPage> {
    const { environmentId, filter, offset, limit } = input;
    const session = this.ctx.reader(environmentId, 'users.read');
    try {
      if (!session.capabilities.includes('user_admin')) return await this.legacyList(input);
      if (filter.lockedOnly) return await this.lockedList(input);
      return await this.serverList(input);
    } catch (error) {
      if (!isOffline(error)) throw error;
      return this.cachedList(environmentId, filter, offset, limit, error);
    }
  }

  async get(environmentId: string, id: number): Promise<UserDetail> {
    const session = this.ctx.reader(environmentId, 'users.read');
    try {
      if (!session.capabilities.includes('user_admin')) {
        const all = await this.all.fetch(environmentId, null);
        const user = all.users.find((candidate) => candidate.id === id);
        if (user === undefined) throw this.noSuchUser(id);
        return { user, source: 'server', asOf: iso(all.fetchedAt) };
      }
      const at = this.ctx.now();
      return { user: await this.fetchUser(environmentId, id), source: 'server', asOf: iso(at) };
    } catch (error) {
      if (!isOffline(error)) throw error;
      const cached = this.ctx.cache.user(environmentId, id);
      if (cached === null) throw error;
      return { user: cached.user, source: 'cache', asOf: iso(cached.fetchedAt) };
    }
  }

  /** One user fresh from the full API, into the copy; gone from the copy when the server has none. */
  async fetchUser(environmentId: string, id: number): Promise<User> {
    const at = this.ctx.now();
    try {
      const user = await this.ctx.get(environmentId, `/api/v1/users/${id}`, serverUserSchema);
      this.ctx.cache.saveUsers(environmentId, [user], at);
      return user;
    } catch (error) {
      if (error instanceof OppError && error.code === 'NOT_FOUND') {
        this.ctx.cache.forgetUser(environmentId, id);
        throw this.noSuchUser(id);
      }
      throw error;
    }
  }

  noSuchUser(id: number): OppError {
    return new OppError('NOT_FOUND', `The server has no user with id ${id}: it may have been deleted.`);
  }

  private async serverList({ environmentId, filter, offset, limit }: UserListInput): Promise<UserPage> {
    const at = this.ctx.now();
    const narrowing = serverQuery(filter);
    const page = await this.ctx.get(environmentId, '/api/v1/users', userPageAnswerSchema, {
      ...narrowing,
      sort: filter.sort,
      skip: offset,
      limit,
    });
    // A page that holds every user also tells which users the server no longer has.
    const whole =
      offset === 0 &&
      page.items.length === page.total &&
      Object.values(narrowing).every((value) => value === undefined);
    this.ctx.cache.saveUsers(environmentId, page.items, at, whole);
    return {
      items: page.items,
      total: page.total,
      offset,
      source: 'server',
      asOf: iso(at),
      readOnly: false,
      note: null,
    };
  }

  /** The API has no locked filter (§2): every user matching the rest is fetched and checked here. */
  private async lockedList({ environmentId, filter, offset, limit }: UserListInput): Promise<UserPage> {
    const all = await this.all.fetch(environmentId, filter);
    const page = pageUsers(all.users, filter, offset, limit, this.ctx.now());
    const counted = all.users.length.toLocaleString('en');
    return {
      ...page,
      offset,
      source: 'local',
      asOf: iso(all.fetchedAt),
      readOnly: false,
      note: `The server has no filter for locked accounts: the console checked the ${counted} matching users itself.${all.cut ? CUT : ''}`,
    };
  }

  private async legacyList({ environmentId, filter, offset, limit }: UserListInput): Promise<UserPage> {
    const all = await this.all.fetch(environmentId, null);
    const page = pageUsers(all.users, filter, offset, limit, this.ctx.now());
    const locks = filter.lockedOnly ? ' It does not report lockouts, so no user shows as locked.' : '';
    return {
      ...page,
      offset,
      source: 'local',
      asOf: iso(all.fetchedAt),
      readOnly: true,
      note: `This server offers a read-only user list: the console fetched all ${all.users.length.toLocaleString('en')} users and filtered, sorted and paged them itself.${locks}${all.cut ? CUT : ''}`,
    };
  }

  private cachedList(
    environmentId: string,
    filter: UserFilter,
    offset: number,
    limit: number,
    offline: OppError,
  ): UserPage {
    const held = this.ctx.cache.users(environmentId);
    if (held.length === 0) {
      throw new OppError('OFFLINE', `${offline.message} No copy of its users is kept on this computer yet.`, {
        ...offline.details,
      });
    }
    const fetchedAt = new Map(held.map((entry) => [entry.user.id, entry.fetchedAt]));
    const page = pageUsers(
      held.map((entry) => entry.user),
      filter,
      offset,
      limit,
      this.ctx.now(),
    );
    // The page is as old as its oldest row; an empty page as old as the newest fetch.
    const times = page.items.map((user) => fetchedAt.get(user.id) ?? 0);
    const asOf =
      times.length > 0
        ? Math.min(...times)
        : held.reduce((newest, entry) => Math.max(newest, entry.fetchedAt), 0);
    return { ...page, offset, source: 'cache', asOf: iso(asOf), readOnly: true, note: OFFLINE_NOTE };
  }
}
