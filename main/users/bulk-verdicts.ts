import type { BulkAction, BulkPreviewItem } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';

/** `is_active` in the words a preview shows: "active" → "inactive". */
export function activeWord(active: boolean): 'active' | 'inactive' {
  return active ? 'active' : 'inactive';
}

export function isActiveAdmin(user: Pick<User, 'role' | 'is_active'>): boolean {
  return user.role === 'admin' && user.is_active;
}

/** Whether the action takes an active admin out of the active admins. */
function removesAdmin(action: BulkAction, user: User): boolean {
  if (!isActiveAdmin(user)) return false;
  return action.kind === 'deactivate' || (action.kind === 'set_role' && action.role !== 'admin');
}

/** The change a bulk action asks of one user, as the PATCH body (§2). */
export function bulkChanges(action: BulkAction): { is_active: boolean } | { role: string } {
  if (action.kind === 'set_role') return { role: action.role };
  return { is_active: action.kind === 'reactivate' };
}

/**
 * Why a bulk action leaves the signed-in administrator alone: deactivating yourself ends your
 * own session part-way, and changing your own role may take away the permission the rest of the
 * batch needs.
 */
export function selfRefusal(action: BulkAction): string {
  return action.kind === 'deactivate'
    ? 'This is your own account: a bulk action does not deactivate the administrator running it.'
    : 'This is your own account: a bulk action does not change the role of the administrator running it.';
}

export const LAST_ADMIN_REASON =
  'This would leave the platform without an active admin. Make another user an active admin first.';

/**
 * What a bulk action would do to each target, from users read fresh (null: the server has no
 * such user). `activeAdminIds` are the platform's active admins now; the targets are judged in
 * order, so of several admins the one that would be the last to go is refused, not all of them.
 * `roles` are the server's role names, when it lists them: a role it lacks is refused up front.
 */
export function previewVerdicts(
  action: BulkAction,
  targets: readonly { id: number; user: User | null }[],
  activeAdminIds: ReadonlySet<number>,
  selfId: number,
  roles: ReadonlySet<string> | null = null,
): BulkPreviewItem[] {
  const field = action.kind === 'set_role' ? 'role' : 'is_active';
  const to = action.kind === 'set_role' ? action.role : activeWord(action.kind === 'reactivate');
  // The fresh reads of the targets are newer than the admin list: they win where they disagree.
  const remaining = new Set(activeAdminIds);
  for (const { id, user } of targets) {
    if (user !== null && isActiveAdmin(user)) remaining.add(id);
    else remaining.delete(id);
  }
  return targets.map(({ id, user }): BulkPreviewItem => {
    if (user === null) {
      return {
        id,
        username: `#${id}`,
        verdict: 'refused',
        field,
        from: null,
        to,
        reason: 'The server has no such user: it may have been deleted.',
        version: null,
      };
    }
    const from = field === 'role' ? user.role : activeWord(user.is_active);
    const base = { id, username: user.username, field, from, to, version: user.version ?? null } as const;
    if (from === to) return { ...base, verdict: 'no_change', reason: null };
    if (user.id === selfId) return { ...base, verdict: 'refused', reason: selfRefusal(action) };
    if (action.kind === 'set_role' && roles !== null && !roles.has(action.role)) {
      return { ...base, verdict: 'refused', reason: `The server has no role called "${action.role}".` };
    }
    if (removesAdmin(action, user)) {
      if (remaining.size <= 1) return { ...base, verdict: 'refused', reason: LAST_ADMIN_REASON };
      remaining.delete(user.id);
    }
    return { ...base, verdict: 'change', reason: null };
  });
}
