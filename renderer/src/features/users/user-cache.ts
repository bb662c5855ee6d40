import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { userSchema, type User } from '../../../../shared/domain/user';
import type { UserDetail, UserPage } from '../../../../shared/domain/user-admin';
import { isOppError } from '../../../../shared/errors';
import { queryKeys } from '../../app/query-keys';
import { usersKeys } from './users-queries';

/** What the users cache held before an optimistic change, to put back when the server refuses. */
export type UsersSnapshot = ReadonlyArray<readonly [QueryKey, unknown]>;

/**
 * The users of one environment as the cache holds them: every list page that shows a user and
 * its detail. Optimistic changes go through here so that the list and the panel agree.
 */
export class UserCache {
  constructor(
    private readonly queryClient: QueryClient,
    private readonly environmentId: EnvironmentId,
  ) {}

  /** Stops refetches in flight (they would overwrite the change) and keeps what is there now. */
  async hold(): Promise<UsersSnapshot> {
    await this.queryClient.cancelQueries({
      queryKey: usersKeys.all(this.environmentId),
      // A page still loading keeps loading: cancelled, it would stay empty until scrolled again.
      predicate: (query) => query.state.data !== undefined,
    });
    return this.queryClient.getQueriesData({ queryKey: usersKeys.all(this.environmentId) });
  }

  restore(snapshot: UsersSnapshot): void {
    for (const [key, data] of snapshot) this.queryClient.setQueryData(key, data);
  }

  /** Changes one user wherever it is shown. */
  patch(id: number, change: (user: User) => User): void {
    this.queryClient.setQueriesData<UserPage>({ queryKey: usersKeys.lists(this.environmentId) }, (page) =>
      page === undefined || !page.items.some((user) => user.id === id)
        ? page
        : { ...page, items: page.items.map((user) => (user.id === id ? change(user) : user)) },
    );
    this.queryClient.setQueryData<UserDetail>(usersKeys.detail(this.environmentId, id), (detail) =>
      detail === undefined ? detail : { ...detail, user: change(detail.user) },
    );
  }

  /** The server's user, as it answered a change. */
  put(user: User): void {
    this.patch(user.id, () => user);
  }

  /**
   * After a change: everything about users is fetched again (main pushes the same), and the
   * roles too when a role was given or taken (their user counts moved).
   */
  refresh({ roles = false }: { roles?: boolean } = {}): void {
    void this.queryClient.invalidateQueries({
      queryKey: usersKeys.all(this.environmentId),
      // A bulk preview on screen is what an apply was based on; it is read again only when opened.
      predicate: (query) => query.queryKey[2] !== 'bulk-preview',
    });
    if (roles)
      void this.queryClient.invalidateQueries({ queryKey: queryKeys.scoped(this.environmentId, 'roles') });
  }
}

/** The server's user now, carried by a VERSION_MISMATCH (validated: main's word is still checked). */
export function currentOf(error: unknown): User | null {
  if (!isOppError(error) || error.code !== 'VERSION_MISMATCH') return null;
  const parsed = userSchema.safeParse(error.details?.['current']);
  return parsed.success ? parsed.data : null;
}
