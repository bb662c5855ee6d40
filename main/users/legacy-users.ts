import type { z } from 'zod';
import {
  BUILT_IN_ROLES,
  KNOWN_PERMISSIONS,
  SEED_ROLE_PERMISSIONS,
  type Permission,
  type Role,
} from '../../shared/domain/role';
import type { User } from '../../shared/domain/user';
import type { legacyUsersAnswerSchema } from './user-schemas';

/** The legacy list's page size: what a deployed OPP V4 defaults to (§7). */
export const LEGACY_PAGE = 100;

type LegacyPage = z.output<typeof legacyUsersAnswerSchema>;

/**
 * Every user of a legacy server through its only list, newest first with skip/limit (§7). A
 * user created while the pages are read shifts the later pages by one (the repeat is dropped by
 * id); one deleted meanwhile may be missed until the next fetch. A server that ignores `skip`
 * (the same page again) ends the loop rather than spinning until `max`.
 */
export async function fetchLegacyUsers(
  getPage: (query: { skip: number; limit: number }) => Promise<LegacyPage>,
  max: number,
  onPage: (users: User[]) => void,
): Promise<{ users: User[]; cut: boolean }> {
  const byId = new Map<number, User>();
  for (let skip = 0; ; skip += LEGACY_PAGE) {
    const page = await getPage({ skip, limit: LEGACY_PAGE });
    onPage(page.users);
    const before = byId.size;
    for (const user of page.users) byId.set(user.id, user);
    const ended =
      page.users.length < LEGACY_PAGE ||
      byId.size === before ||
      (page.total_users !== undefined && skip + LEGACY_PAGE >= page.total_users);
    if (ended) return { users: [...byId.values()], cut: false };
    if (byId.size >= max) return { users: [...byId.values()], cut: true };
  }
}

function isBuiltIn(name: string): name is (typeof BUILT_IN_ROLES)[number] {
  return (BUILT_IN_ROLES as readonly string[]).includes(name);
}

/** Known permissions in the seed's order, then any others by name. */
function permissionOrder(a: string, b: string): number {
  const known = KNOWN_PERMISSIONS as readonly string[];
  const [x, y] = [known.indexOf(a), known.indexOf(b)];
  if (x !== -1 || y !== -1) return (x === -1 ? known.length : x) - (y === -1 ? known.length : y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A server without a roles API carries each user's role and that role's permissions on the user
 * (§7): the roles are derived from them, with how many users hold each. The three built-in roles
 * are always listed; one that no user holds shows the seed's permissions and says so.
 */
export function deriveRoles(users: readonly User[]): Role[] {
  const seen = new Map<string, { count: number; permissions: Set<string> }>();
  for (const user of users) {
    const role = seen.get(user.role) ?? { count: 0, permissions: new Set<string>() };
    role.count += 1;
    for (const permission of user.permissions) role.permissions.add(permission);
    seen.set(user.role, role);
  }
  const others = [...seen.keys()].filter((name) => !isBuiltIn(name)).sort();
  return [...BUILT_IN_ROLES, ...others].map((name) => {
    const held = seen.get(name);
    const unheld = held === undefined && isBuiltIn(name);
    return {
      name,
      description: unheld ? 'No user holds this role; its permissions are those of the platform seed.' : '',
      permissions: [...(held?.permissions ?? (isBuiltIn(name) ? SEED_ROLE_PERMISSIONS[name] : []))].sort(
        permissionOrder,
      ),
      built_in: isBuiltIn(name),
      user_count: held?.count ?? 0,
      updated_at: null,
      version: 0,
    };
  });
}

/**
 * The roles of a server without a roles API, for someone who may not list its users: the
 * built-in roles as the seed defines them, with the signed-in user's own role as their session
 * carries it. Nobody is counted (user_count 0), and the view's note says so.
 */
export function rolesWithoutUsers(own: { role: string; permissions: readonly string[] }): Role[] {
  const names = isBuiltIn(own.role) ? [...BUILT_IN_ROLES] : [...BUILT_IN_ROLES, own.role];
  return names.map((name) => ({
    name,
    description: '',
    permissions: [
      ...(name === own.role ? own.permissions : isBuiltIn(name) ? SEED_ROLE_PERMISSIONS[name] : []),
    ].sort(permissionOrder),
    built_in: isBuiltIn(name),
    user_count: 0,
    updated_at: null,
    version: 0,
  }));
}

/** Every permission a derived view can name: the seed's and any seen on a role. */
export function derivedPermissions(roles: readonly Role[]): Permission[] {
  const names = new Set<string>([...KNOWN_PERMISSIONS, ...roles.flatMap((role) => role.permissions)]);
  return [...names].sort(permissionOrder).map((name) => ({ name, description: '' }));
}
