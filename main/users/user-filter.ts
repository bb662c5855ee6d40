import type { UserFilter, UserSort } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { isoMs } from './user-schemas';

/**
 * The users list's filter, sort and paging done in main, for the lists the server cannot do
 * itself: a legacy server's (§7: no search, no sort), the locked-only filter (the API has none),
 * and the offline copy. It mirrors the full API's rules (§2 and the reference platform) so a
 * list reads the same whichever did the work.
 */

/** The search as both the server and main apply it: surrounding spaces are not part of it. */
export function searchTerm(filter: Pick<UserFilter, 'search'>): string {
  return filter.search.trim();
}

/** Whether a lockout is still running at `nowMs`; an ended one counts as none. */
export function isLocked(user: Pick<User, 'locked_until'>, nowMs: number): boolean {
  if (user.locked_until === null || user.locked_until === undefined) return false;
  const until = isoMs(user.locked_until);
  return until !== null && until > nowMs;
}

export function matchesFilter(user: User, filter: UserFilter, nowMs: number): boolean {
  const term = searchTerm(filter).toLowerCase();
  if (
    term !== '' &&
    !user.username.toLowerCase().includes(term) &&
    !user.email.toLowerCase().includes(term) &&
    !(user.full_name ?? '').toLowerCase().includes(term)
  ) {
    return false;
  }
  if (filter.role !== null && user.role !== filter.role) return false;
  if (filter.active === 'active' && !user.is_active) return false;
  if (filter.active === 'inactive' && user.is_active) return false;
  if (filter.lockedOnly && !isLocked(user, nowMs)) return false;
  return true;
}

function byNumber(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function timeOf(text: string | null): number | null {
  return text === null ? null : isoMs(text);
}

/**
 * The comparator of a sort, as the server orders: usernames without regard to case, then id;
 * times, then id; descending reverses both. Users who never signed in go last either way in a
 * sort by last sign-in (they are rarely what such a sort looks for).
 */
export function compareUsers(sort: UserSort): (a: User, b: User) => number {
  const descending = sort.startsWith('-');
  const sign = descending ? -1 : 1;
  const field = (descending ? sort.slice(1) : sort) as 'username' | 'created_at' | 'last_login';
  return (a, b) => {
    let order: number;
    if (field === 'username') {
      order = byText(a.username.toLowerCase(), b.username.toLowerCase());
    } else if (field === 'created_at') {
      order = byNumber(timeOf(a.created_at) ?? 0, timeOf(b.created_at) ?? 0);
    } else {
      const [x, y] = [timeOf(a.last_login), timeOf(b.last_login)];
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1; // never signed in: last, in both directions
        order = 0;
      } else {
        order = byNumber(x, y);
      }
    }
    return sign * (order !== 0 ? order : byNumber(a.id, b.id));
  };
}

/** Filters, sorts and cuts one page; `total` counts every match. */
export function pageUsers(
  users: readonly User[],
  filter: UserFilter,
  offset: number,
  limit: number,
  nowMs: number,
): { items: User[]; total: number } {
  const matching = users.filter((user) => matchesFilter(user, filter, nowMs)).sort(compareUsers(filter.sort));
  return { items: matching.slice(offset, offset + limit), total: matching.length };
}
