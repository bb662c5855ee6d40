import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { Role, RolesView } from '../../../../shared/domain/role';
import { isOppError } from '../../../../shared/errors';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';
import { describeError } from '../../components/error-messages';
import { useToast, type Toaster } from '../../components/toasts';
import type { RoleChanges, RoleDraft } from './role-draft';
import { rolesKeys } from './roles-queries';

/**
 * A refusal as a notification: main's own words first (they name the role's users, the lost
 * permission...), then what to do. `showError` alone would give only the advice.
 */
function showRefusal(toast: Toaster, error: unknown, title: string): void {
  const { advice, detail } = describeError(error, { write: true });
  toast.show({ title, description: detail === null ? advice : `${detail} ${advice}`, tone: 'error' });
}

/** The list as it was before an optimistic change, to put back when main refuses. */
interface Snapshot {
  previous: RolesView | undefined;
}

/**
 * Optimistic edits of the cached list: the change shows at once, goes back if refused, and
 * afterwards roles and users are read again (a user's permissions follow their role's).
 */
function useOptimisticRoles(environmentId: EnvironmentId) {
  const queryClient = useQueryClient();
  const key = rolesKeys.list(environmentId);
  return {
    apply: async (change: (roles: Role[]) => Role[]): Promise<Snapshot> => {
      // A fetch landing now would overwrite the optimistic list with the old one.
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<RolesView>(key);
      if (previous !== undefined)
        queryClient.setQueryData(key, { ...previous, roles: change(previous.roles) });
      return { previous };
    },
    replace: (name: string, role: Role): void => {
      queryClient.setQueryData<RolesView>(key, (view) =>
        view === undefined ? view : { ...view, roles: view.roles.map((r) => (r.name === name ? role : r)) },
      );
    },
    rollBack: (snapshot: Snapshot | undefined): void => {
      if (snapshot?.previous !== undefined) queryClient.setQueryData(key, snapshot.previous);
    },
    settle: (): void => {
      void queryClient.invalidateQueries({ queryKey: rolesKeys.all(environmentId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.scoped(environmentId, 'users') });
    },
  };
}

/**
 * Creates a role. Toasts are raised here rather than by the dialog, so that a refusal is told
 * even when the dialog was closed while the call ran.
 */
export function useCreateRole(
  environmentId: EnvironmentId,
): UseMutationResult<Role, unknown, RoleDraft, Snapshot> {
  const opp = useOpp();
  const toast = useToast();
  const cache = useOptimisticRoles(environmentId);
  return useMutation({
    mutationFn: (draft: RoleDraft) =>
      opp.roles.create({
        environmentId,
        name: draft.name,
        description: draft.description.trim(),
        permissions: [...draft.permissions],
      }),
    onMutate: (draft) =>
      cache.apply((roles) => [
        ...roles,
        {
          name: draft.name,
          description: draft.description.trim(),
          permissions: [...draft.permissions],
          built_in: false,
          user_count: 0,
          updated_at: null,
          version: 0,
        },
      ]),
    onSuccess: (role) => {
      cache.replace(role.name, role);
      toast.show({ title: `Role ${role.name} created.`, tone: 'success' });
    },
    onError: (error, draft, snapshot) => {
      cache.rollBack(snapshot);
      showRefusal(toast, error, `Role ${draft.name} was not created.`);
    },
    onSettled: cache.settle,
  });
}

export interface RoleUpdate {
  /** The role as the administrator saw it when the edit began: its version is the If-Match. */
  base: Role;
  changes: RoleChanges;
}

/** Changes a role's description or permissions, based on the version the editor started from. */
export function useUpdateRole(
  environmentId: EnvironmentId,
): UseMutationResult<Role, unknown, RoleUpdate, Snapshot> {
  const opp = useOpp();
  const toast = useToast();
  const cache = useOptimisticRoles(environmentId);
  return useMutation({
    mutationFn: ({ base, changes }: RoleUpdate) =>
      opp.roles.update({ environmentId, name: base.name, baseVersion: base.version, ...changes }),
    onMutate: ({ base, changes }) =>
      cache.apply((roles) => roles.map((role) => (role.name === base.name ? { ...role, ...changes } : role))),
    onSuccess: (role) => {
      cache.replace(role.name, role);
      toast.show({ title: `Role ${role.name} saved.`, tone: 'success' });
    },
    onError: (error, { base }, snapshot) => {
      cache.rollBack(snapshot);
      if (isOppError(error) && error.code === 'VERSION_MISMATCH') {
        // The editor shows both versions; the generic advice ("reload it") would contradict it.
        toast.show({
          title: `Role ${base.name} was not saved: someone else changed it first.`,
          description:
            'Compare their version with yours in the editor, then reapply or discard your changes.',
          tone: 'error',
        });
      } else {
        showRefusal(toast, error, `Role ${base.name} was not saved.`);
      }
    },
    onSettled: cache.settle,
  });
}

/** Deletes a role; it leaves the list at once and comes back if main refuses. */
export function useDeleteRole(
  environmentId: EnvironmentId,
): UseMutationResult<void, unknown, Role, Snapshot> {
  const opp = useOpp();
  const toast = useToast();
  const cache = useOptimisticRoles(environmentId);
  return useMutation({
    mutationFn: (role: Role) => opp.roles.delete({ environmentId, name: role.name }),
    onMutate: (role) => cache.apply((roles) => roles.filter((r) => r.name !== role.name)),
    onSuccess: (_nothing, role) => toast.show({ title: `Role ${role.name} deleted.`, tone: 'success' }),
    onError: (error, role, snapshot) => {
      cache.rollBack(snapshot);
      showRefusal(toast, error, `Role ${role.name} was not deleted.`);
    },
    onSettled: cache.settle,
  });
}
