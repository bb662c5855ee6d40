import { skipToken, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import type { UserActivity, UserDetail, UserFilter, UserPage } from '../../../../shared/domain/user-admin';
import type { OppApi } from '../../../../shared/ipc/opp-api';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';

/** Users per `users.list` call: a screenful many times over, and small enough to answer fast. */
export const USERS_PAGE_SIZE = 100;

/**
 * Every users key starts `[envId, 'users']`, which `cache.invalidated` scope 'users' refreshes.
 * A user's activity comes from the audit copy, so it sits under 'audit' and refreshes when the
 * copy catches up (which is when the events of a change arrive).
 */
export const usersKeys = {
  all: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'users'),
  lists: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'users', 'list'),
  page: (environmentId: EnvironmentId, filter: UserFilter, page: number) =>
    queryKeys.scoped(environmentId, 'users', 'list', filter, page),
  detail: (environmentId: EnvironmentId, id: number) =>
    queryKeys.scoped(environmentId, 'users', 'detail', id),
  preview: (environmentId: EnvironmentId, action: unknown, ids: readonly number[]) =>
    queryKeys.scoped(environmentId, 'users', 'bulk-preview', action, ids),
  activity: (environmentId: EnvironmentId, id: number) =>
    queryKeys.scoped(environmentId, 'audit', 'user-activity', id),
};

/** One page of a filtered list, by offset. */
export function userPageQuery(opp: OppApi, environmentId: EnvironmentId, filter: UserFilter, page: number) {
  return {
    queryKey: usersKeys.page(environmentId, filter, page),
    queryFn: (): Promise<UserPage> =>
      opp.users.list({ environmentId, filter, offset: page * USERS_PAGE_SIZE, limit: USERS_PAGE_SIZE }),
  };
}

/** One user, fresh; the row from the list shows until it arrives. */
export function useUserDetail(
  environmentId: EnvironmentId,
  id: number,
  row: User | undefined,
): UseQueryResult<UserDetail> {
  const opp = useOpp();
  return useQuery({
    queryKey: usersKeys.detail(environmentId, id),
    queryFn: () => opp.users.get({ environmentId, id }),
    // The row stands in for the detail; its `asOf` is unknown, and only a cache answer shows one.
    placeholderData: row?.id === id ? { user: row, source: 'server', asOf: '' } : undefined,
  });
}

/** What the user did and what was done to them, from the local audit copy. */
export function useUserActivity(
  environmentId: EnvironmentId,
  user: Pick<User, 'id' | 'username'> | undefined,
): UseQueryResult<UserActivity> {
  const opp = useOpp();
  return useQuery<UserActivity, Error, UserActivity, readonly unknown[]>({
    queryKey: usersKeys.activity(environmentId, user?.id ?? 0),
    queryFn:
      user === undefined
        ? skipToken
        : () => opp.users.activity({ environmentId, id: user.id, username: user.username, limit: 20 }),
  });
}
