import type { Db } from './db';

export interface UserRow {
  id: number;
  username: string;
  email: string;
  full_name: string | null;
  password_hash: string;
  role: string;
  is_active: number;
  is_verified: number;
  created_at: string;
  updated_at: string | null;
  last_login: string | null;
  failed_login_attempts: number;
  first_failed_at: string | null;
  locked_until: string | null;
  version: number;
  role_permissions: string;
}

export interface UserJson {
  id: number;
  username: string;
  email: string;
  full_name: string | null;
  role: string;
  permissions: string[];
  is_active: boolean;
  is_verified: boolean;
  created_at: string;
  updated_at: string | null;
  last_login: string | null;
  failed_login_attempts: number;
  locked_until: string | null;
  version: number;
}

/** A lock only counts while it lasts: an expired `locked_until` is reported as null. */
export function activeLock(row: Pick<UserRow, 'locked_until'>, nowIso: string): string | null {
  return row.locked_until !== null && row.locked_until > nowIso ? row.locked_until : null;
}

export function userToJson(row: UserRow, nowIso: string): UserJson {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    full_name: row.full_name,
    role: row.role,
    permissions: JSON.parse(row.role_permissions) as string[],
    is_active: row.is_active === 1,
    is_verified: row.is_verified === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_login: row.last_login,
    failed_login_attempts: row.failed_login_attempts,
    locked_until: activeLock(row, nowIso),
    version: row.version,
  };
}

export const USER_SORTS = [
  'username',
  '-username',
  'created_at',
  '-created_at',
  'last_login',
  '-last_login',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

const ORDER_BY: Record<UserSort, string> = {
  username: 'u.username COLLATE NOCASE ASC, u.id ASC',
  '-username': 'u.username COLLATE NOCASE DESC, u.id DESC',
  created_at: 'u.created_at ASC, u.id ASC',
  '-created_at': 'u.created_at DESC, u.id DESC',
  // Users who never signed in go last either way: they are rarely what a sort by activity seeks.
  last_login: 'u.last_login IS NULL, u.last_login ASC, u.id ASC',
  '-last_login': 'u.last_login IS NULL, u.last_login DESC, u.id DESC',
};

export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  isActive?: boolean | undefined;
  sort: UserSort;
  skip: number;
  limit: number;
}

const SELECT_USER = `SELECT u.*, r.permissions AS role_permissions FROM users u JOIN roles r ON r.name = u.role`;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface NewUser {
  username: string;
  email: string;
  full_name: string | null;
  password_hash: string;
  role: string;
  is_active: boolean;
  is_verified: boolean;
  created_at: string;
}

/** Columns an administrator's PATCH may change. */
export interface UserChanges {
  email?: string;
  full_name?: string | null;
  role?: string;
  is_active?: boolean;
}

export class UsersStore {
  constructor(private readonly db: Db) {}

  list(filter: UserFilter): { rows: UserRow[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.q !== undefined && filter.q !== '') {
      where.push(
        `(u.username LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\' OR u.full_name LIKE ? ESCAPE '\\')`,
      );
      const pattern = likePattern(filter.q);
      params.push(pattern, pattern, pattern);
    }
    if (filter.role !== undefined && filter.role !== '') {
      where.push('u.role = ?');
      params.push(filter.role);
    }
    if (filter.isActive !== undefined) {
      where.push('u.is_active = ?');
      params.push(filter.isActive ? 1 : 0);
    }
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const total = this.db
      .prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM users u ${clause}`)
      .get(...params)?.n;
    const rows = this.db
      .prepare<(string | number)[], UserRow>(
        `${SELECT_USER} ${clause} ORDER BY ${ORDER_BY[filter.sort]} LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit, filter.skip);
    return { rows, total: total ?? 0 };
  }

  /** The legacy list: newest first, offset paging, no filters. */
  newest(skip: number, limit: number): UserRow[] {
    return this.db
      .prepare<[number, number], UserRow>(
        `${SELECT_USER} ORDER BY u.created_at DESC, u.id DESC LIMIT ? OFFSET ?`,
      )
      .all(limit, skip);
  }

  counts(nowIso: string): { total: number; active: number; locked: number } {
    const row = this.db
      .prepare<[string], { total: number; active: number | null; locked: number | null }>(
        `SELECT count(*) AS total, sum(is_active) AS active,
                sum(CASE WHEN locked_until > ? THEN 1 ELSE 0 END) AS locked FROM users`,
      )
      .get(nowIso);
    return { total: row?.total ?? 0, active: row?.active ?? 0, locked: row?.locked ?? 0 };
  }

  byId(id: number): UserRow | undefined {
    return this.db.prepare<[number], UserRow>(`${SELECT_USER} WHERE u.id = ?`).get(id);
  }

  byUsername(username: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>(`${SELECT_USER} WHERE u.username = ?`).get(username);
  }

  /** Case-insensitive, like the UNIQUE columns, so "Alice" cannot sit next to "alice". */
  taken(field: 'username' | 'email', value: string, exceptId = 0): boolean {
    const row = this.db
      .prepare<[string, number], { id: number }>(`SELECT id FROM users WHERE ${field} = ? AND id != ?`)
      .get(value, exceptId);
    return row !== undefined;
  }

  /** Active users whose role is `admin`: the ones the last-admin rules protect. */
  activeAdminIds(): number[] {
    return this.db
      .prepare<[], { id: number }>(`SELECT id FROM users WHERE role = 'admin' AND is_active = 1`)
      .all()
      .map((r) => r.id);
  }

  insert(user: NewUser): number {
    const result = this.db
      .prepare(
        `INSERT INTO users (username, email, full_name, password_hash, role, is_active, is_verified, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        user.username,
        user.email,
        user.full_name,
        user.password_hash,
        user.role,
        user.is_active ? 1 : 0,
        user.is_verified ? 1 : 0,
        user.created_at,
        user.created_at,
      );
    return Number(result.lastInsertRowid);
  }

  /** An administrator's change: bumps the version clients send back in If-Match. */
  update(id: number, changes: UserChanges, nowIso: string): void {
    const columns: [string, string | number | null][] = [];
    if (changes.email !== undefined) columns.push(['email', changes.email]);
    if (changes.full_name !== undefined) columns.push(['full_name', changes.full_name]);
    if (changes.role !== undefined) columns.push(['role', changes.role]);
    if (changes.is_active !== undefined) columns.push(['is_active', changes.is_active ? 1 : 0]);
    const sets = columns.map(([column]) => `${column} = ?`);
    const params = columns.map(([, value]) => value);
    sets.push('updated_at = ?', 'version = version + 1');
    params.push(nowIso, id);
    this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...params);
  }

  setPassword(id: number, passwordHash: string, nowIso: string): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(passwordHash, nowIso, id);
  }

  unlock(id: number, nowIso: string): void {
    this.db
      .prepare(
        `UPDATE users SET failed_login_attempts = 0, first_failed_at = NULL, locked_until = NULL,
         updated_at = ?, version = version + 1 WHERE id = ?`,
      )
      .run(nowIso, id);
  }

  /** Sign-in bookkeeping: not an administrator's change, so the version stays. */
  recordFailures(
    id: number,
    attempts: number,
    firstFailedAt: string | null,
    lockedUntil: string | null,
  ): void {
    this.db
      .prepare(
        'UPDATE users SET failed_login_attempts = ?, first_failed_at = ?, locked_until = ? WHERE id = ?',
      )
      .run(attempts, firstFailedAt, lockedUntil, id);
  }

  recordLogin(id: number, nowIso: string): void {
    this.db
      .prepare(
        `UPDATE users SET last_login = ?, failed_login_attempts = 0, first_failed_at = NULL, locked_until = NULL
         WHERE id = ?`,
      )
      .run(nowIso, id);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }
}
