import type { Access } from '../../../../shared/access';
import { BUILT_IN_LIMITS, type Role, type RolesView } from '../../../../shared/domain/role';
import { userCountWords } from './role-draft';

/**
 * Why no role can be changed here now, or null. The session and server come first (the same
 * words a GuardedButton for roles.write gives), then what main said of its answer: derived from
 * a legacy server, or its offline copy.
 */
export function rolesWriteBlock(access: Access, view: RolesView, online: boolean): string | null {
  if (!access.allowed) return access.reason;
  if (view.source === 'derived') {
    return view.note ?? 'This server has no roles API: the roles are shown read-only.';
  }
  if (view.source === 'cache' || !online) {
    return 'Offline: roles cannot be changed until the server can be reached again.';
  }
  if (view.readOnly) return view.note ?? 'Roles cannot be changed on this server.';
  return null;
}

/** Why this role cannot be deleted (beyond the screen-wide block), or null. */
export function deleteBlock(role: Role): string | null {
  if (role.built_in) return BUILT_IN_LIMITS.deleteOrRename;
  if (role.user_count > 0) {
    return `${role.name} is assigned to ${userCountWords(role.user_count)}: give them another role first.`;
  }
  return null;
}
