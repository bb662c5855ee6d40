import type { UserFilter } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { fetchLegacyUsers } from './legacy-users';
import type { UserAdminContext } from './user-admin-context';
import { searchTerm } from './user-filter';
import { legacyUsersAnswerSchema, userPageAnswerSchema } from './user-schemas';

/** Users fetched at most for one local list: past this the list says it was cut. */
export const MAX_LOCAL_USERS = 100_000;
/** The full API's largest page (§2). */
const FULL_PAGE = 500;
/**
 * How long a fetched whole list answers again. A local list (legacy, locked-only) is fetched
 * whole, and the screen asks for it again at every page turn and sort change: within a few
 * seconds the same list serves, while any write in the environment drops it at once.
 */
const REUSE_MS = 15_000;

export interface AllUsers {
  users: User[];
  /** When the fetch started (ms). */
  fetchedAt: number;
  /** True when MAX_LOCAL_USERS was reached before the server's list ended. */
  cut: boolean;
}

/** The filters the full API applies itself; null asks for everyone. */
export type ServerSideFilter = Pick<UserFilter, 'search' | 'role' | 'active'> | null;

/**
 * Every user of an environment (or every one matching the server-side filters), page by page:
 * through the full API where the server offers user management, else the legacy list (§7).
 * Each page lands in the offline copy as it arrives.
 */
export class AllUsersFetcher {
  private readonly reuse = new Map<string, { at: number; fetching: Promise<AllUsers> }>();

  constructor(private readonly ctx: UserAdminContext) {
    ctx.onWrite((environmentId) => this.forget(environmentId));
  }

  /** `fresh` skips a recent list (a bulk preview must see the server as it is now). */
  fetch(environmentId: string, filter: ServerSideFilter, fresh = false): Promise<AllUsers> {
    const session = this.ctx.session(environmentId);
    const legacy = !session.capabilities.includes('user_admin');
    // Per signed-in user too: what one account fetched is never served to the next one.
    const key = JSON.stringify([environmentId, session.userId, legacy, legacy ? null : filter]);
    const now = this.ctx.now();
    const held = this.reuse.get(key);
    if (!fresh && held !== undefined && now - held.at < REUSE_MS) return held.fetching;
    const fetching = legacy ? this.legacy(environmentId, now) : this.full(environmentId, filter, now);
    this.reuse.set(key, { at: now, fetching });
    fetching.catch(() => {
      if (this.reuse.get(key)?.fetching === fetching) this.reuse.delete(key);
    });
    return fetching;
  }

  forget(environmentId: string): void {
    for (const key of [...this.reuse.keys()]) {
      if ((JSON.parse(key) as unknown[])[0] === environmentId) this.reuse.delete(key);
    }
  }

  private async legacy(environmentId: string, fetchedAt: number): Promise<AllUsers> {
    const { users, cut } = await fetchLegacyUsers(
      (query) => this.ctx.get(environmentId, '/api/v1/auth/users', legacyUsersAnswerSchema, query),
      MAX_LOCAL_USERS,
      (page) => this.ctx.cache.saveUsers(environmentId, page, fetchedAt),
    );
    if (!cut) this.ctx.cache.saveUsers(environmentId, [], fetchedAt, true);
    return { users, fetchedAt, cut };
  }

  private async full(environmentId: string, filter: ServerSideFilter, fetchedAt: number): Promise<AllUsers> {
    const byId = new Map<number, User>();
    let cut = false;
    // Oldest first: users created meanwhile land at the end instead of shifting the pages read.
    for (let skip = 0; ;) {
      const page = await this.ctx.get(environmentId, '/api/v1/users', userPageAnswerSchema, {
        ...serverQuery(filter),
        sort: 'created_at',
        skip,
        limit: FULL_PAGE,
      });
      this.ctx.cache.saveUsers(environmentId, page.items, fetchedAt);
      for (const user of page.items) byId.set(user.id, user);
      skip += page.items.length;
      if (page.items.length === 0 || skip >= page.total) break;
      if (byId.size >= MAX_LOCAL_USERS) {
        cut = true;
        break;
      }
    }
    if (filter === null && !cut) this.ctx.cache.saveUsers(environmentId, [], fetchedAt, true);
    return { users: [...byId.values()], fetchedAt, cut };
  }
}

/** The full API's query for the server-side part of a filter (§2). */
export function serverQuery(filter: ServerSideFilter): Record<string, string | undefined> {
  if (filter === null) return {};
  const term = searchTerm(filter);
  return {
    q: term === '' ? undefined : term,
    role: filter.role ?? undefined,
    is_active: filter.active === 'any' ? undefined : String(filter.active === 'active'),
  };
}
