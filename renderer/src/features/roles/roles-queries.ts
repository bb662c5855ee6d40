import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { RolesView } from '../../../../shared/domain/role';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';

export const rolesKeys = {
  all: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'roles'),
  list: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'roles', 'list'),
  history: (environmentId: EnvironmentId, name: string) =>
    queryKeys.scoped(environmentId, 'roles', 'history', name),
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
