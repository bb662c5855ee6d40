import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { RoleHistory, RolesView } from '../../../../shared/domain/role';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';

export const rolesKeys = {
  all: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'roles'),
  list: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'roles', 'list'),
  /**
   * A role's history comes from the audit copy, so it sits under 'audit': a sync that brings new
   * events (`cache.invalidated` scope 'audit') refreshes it, as it does a user's activity.
   */
  history: (environmentId: EnvironmentId, name: string) =>
    queryKeys.scoped(environmentId, 'audit', 'role-history', name),
};

/**
 * The roles of an environment with every permission the server knows. The users screen uses it
 * too (role choices, a user's permissions), so it lives here once.
 */
export function useRoles(environmentId: EnvironmentId | null, enabled = true): UseQueryResult<RolesView> {
  const opp = useOpp();
  return useQuery({
    queryKey: rolesKeys.list(environmentId ?? ''),
    queryFn: () => opp.roles.list({ environmentId: environmentId ?? '' }),
    enabled: enabled && environmentId !== null,
  });
}

/** When a role's permissions changed and by whom, from the local audit copy (works offline). */
export function useRoleHistory(environmentId: EnvironmentId, name: string): UseQueryResult<RoleHistory> {
  const opp = useOpp();
  return useQuery({
    queryKey: rolesKeys.history(environmentId, name),
    queryFn: () => opp.roles.history({ environmentId, name }),
    // A local read, so cheap: each opening shows the copy as it is now, not as it was 30 s ago.
    staleTime: 0,
  });
}
