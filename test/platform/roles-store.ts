import type { Db } from './db';

/** Every permission the server knows (the platform's database seed), with what it allows here. */
export const PERMISSIONS: readonly { name: string; description: string }[] = [
  { name: 'read', description: 'Read platform data; needed for every list' },
  { name: 'write', description: 'Create and change platform data' },
  { name: 'admin', description: 'Administrative access to the platform' },
  { name: 'delete', description: 'Delete records, including users (with manage_users)' },
  { name: 'manage_users', description: 'List, create, change, unlock and reset users' },
  { name: 'manage_roles', description: 'Create, change and delete roles' },
  { name: 'view_audit_logs', description: 'Read the audit log' },
  { name: 'edit_profile', description: 'Edit one’s own profile' },
  { name: 'change_password', description: 'Change one’s own password' },
];
export const PERMISSION_NAMES: ReadonlySet<string> = new Set(PERMISSIONS.map((p) => p.name));

export interface RoleSeed {
  name: string;
  description: string;
  permissions: string[];
}

export const BUILT_IN_ROLES: readonly RoleSeed[] = [
  {
    name: 'admin',
    description: 'Full administrative access',
    permissions: ['read', 'write', 'admin', 'delete', 'manage_users', 'manage_roles', 'view_audit_logs'],
  },
  {
    name: 'user',
    description: 'Regular platform user',
    permissions: ['read', 'write', 'edit_profile', 'change_password'],
  },
  { name: 'guest', description: 'Read-only visitor', permissions: ['read'] },
];

/** Permissions the admin role may never lose, or nobody could manage users or roles again. */
export const ADMIN_LOCKED_PERMISSIONS = ['manage_roles', 'manage_users'] as const;

export interface RoleRow {
  name: string;
  description: string;
  permissions: string;
  built_in: number;
  created_at: string;
  updated_at: string | null;
  version: number;
  user_count: number;
}

export interface RoleJson {
  name: string;
  description: string;
  permissions: string[];
  built_in: boolean;
  user_count: number;
  updated_at: string | null;
  version: number;
}

const SELECT_ROLE = `SELECT r.*, (SELECT count(*) FROM users u WHERE u.role = r.name) AS user_count FROM roles r`;

export function roleToJson(row: RoleRow): RoleJson {
  return {
    name: row.name,
    description: row.description,
    permissions: JSON.parse(row.permissions) as string[],
    built_in: row.built_in === 1,
    user_count: row.user_count,
    updated_at: row.updated_at,
    version: row.version,
  };
}

/** Keeps permission lists in the server's canonical order, without duplicates. */
export function normalisePermissions(permissions: readonly string[]): string[] {
  const wanted = new Set(permissions);
  return PERMISSIONS.map((p) => p.name).filter((name) => wanted.has(name));
}

export class RolesStore {
  constructor(private readonly db: Db) {}

  list(): RoleRow[] {
    return this.db.prepare<[], RoleRow>(`${SELECT_ROLE} ORDER BY r.built_in DESC, r.name`).all();
  }

  get(name: string): RoleRow | undefined {
    return this.db.prepare<[string], RoleRow>(`${SELECT_ROLE} WHERE r.name = ?`).get(name);
  }

  permissionsOf(name: string): string[] {
    const row = this.db
      .prepare<[string], { permissions: string }>('SELECT permissions FROM roles WHERE name = ?')
      .get(name);
    return row === undefined ? [] : (JSON.parse(row.permissions) as string[]);
  }

  insert(role: RoleSeed, builtIn: boolean, now: string): void {
    this.db
      .prepare(
        `INSERT INTO roles (name, description, permissions, built_in, created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(
        role.name,
        role.description,
        JSON.stringify(normalisePermissions(role.permissions)),
        builtIn ? 1 : 0,
        now,
        now,
      );
  }

  update(name: string, description: string, permissions: string[], now: string): void {
    this.db
      .prepare(
        'UPDATE roles SET description = ?, permissions = ?, updated_at = ?, version = version + 1 WHERE name = ?',
      )
      .run(description, JSON.stringify(normalisePermissions(permissions)), now, name);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM roles WHERE name = ?').run(name);
  }
}
