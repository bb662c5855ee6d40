import {
  BUILT_IN_LIMITS,
  permissionDiff,
  roleCreateInputSchema,
  roleNameSchema,
  type Permission,
  type Role,
} from '../../../../shared/domain/role';

/** What the role editor holds while the administrator types. */
export interface RoleDraft {
  name: string;
  description: string;
  permissions: readonly string[];
}

/** What an edit sends: only the fields that differ from the role it was based on. */
export interface RoleChanges {
  description?: string;
  permissions?: string[];
}

export function draftFromRole(role: Role | null): RoleDraft {
  return role === null
    ? { name: '', description: '', permissions: [] }
    : { name: role.name, description: role.description, permissions: [...role.permissions] };
}

/** Why a new role's name cannot be used (the platform's pattern, or already taken), or null. */
export function nameProblem(name: string, taken: readonly string[]): string | null {
  const parsed = roleNameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'This name cannot be used.';
  return taken.includes(name) ? `A role named “${name}” already exists.` : null;
}

/** The contract's own limit on descriptions, so the editor and main agree. */
export function descriptionProblem(description: string): string | null {
  const parsed = roleCreateInputSchema.shape.description.safeParse(description);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This description cannot be used.');
}

/** Permissions a role may not lose, each checkbox of which the editor keeps on and locked. */
export function lockedPermissions(role: Role | null): readonly string[] {
  return role?.built_in === true && role.name === 'admin' ? BUILT_IN_LIMITS.adminKeeps : [];
}

function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  const { added, removed } = permissionDiff(a, b);
  return added.length === 0 && removed.length === 0;
}

export function changesOf(base: Role, draft: RoleDraft): RoleChanges {
  const changes: RoleChanges = {};
  if (draft.description.trim() !== base.description) changes.description = draft.description.trim();
  if (!samePermissions(base.permissions, draft.permissions)) changes.permissions = [...draft.permissions];
  return changes;
}

export function hasChanges(changes: RoleChanges): boolean {
  return changes.description !== undefined || changes.permissions !== undefined;
}

/**
 * "Reapply my changes" after someone else saved first: their role, with what I added and
 * removed (relative to the version I started from) applied on top, and my description only if
 * I changed it. Their other changes stay.
 */
export function rebase(base: Role, mine: RoleDraft, theirs: Role): RoleDraft {
  const { added, removed } = permissionDiff(base.permissions, mine.permissions);
  const permissions = new Set(theirs.permissions);
  for (const name of added) permissions.add(name);
  for (const name of removed) permissions.delete(name);
  const myDescription = mine.description.trim();
  return {
    name: theirs.name,
    description: myDescription !== base.description ? myDescription : theirs.description,
    permissions: [...permissions],
  };
}

/** A permission the server does not list but a role holds (e.g. from a newer server). */
const UNLISTED = 'Not in the server’s list of permissions.';

/**
 * The rows of the matrix and the editor's checkboxes: every permission the server knows, in its
 * order, then any that a role holds without the server listing it (a legacy server lists none).
 */
export function permissionCatalogue(
  known: readonly Permission[],
  roles: readonly Pick<Role, 'permissions'>[],
): Permission[] {
  const listed = new Set(known.map((p) => p.name));
  const extra = [...new Set(roles.flatMap((role) => role.permissions))]
    .filter((name) => !listed.has(name))
    .sort()
    .map((name) => ({ name, description: UNLISTED }));
  return [...known, ...extra];
}

/** A draft's permissions in the catalogue's order, for lists the eye compares. */
export function inCatalogueOrder(permissions: readonly string[], catalogue: readonly Permission[]): string[] {
  const order = new Map(catalogue.map((p, index) => [p.name, index]));
  return [...permissions].sort(
    (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
}

/** "1 user", "12 users". */
export function userCountWords(count: number): string {
  return `${count} ${count === 1 ? 'user' : 'users'}`;
}
