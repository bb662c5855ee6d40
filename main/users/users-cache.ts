import fs from 'node:fs';
import path from 'node:path';
import { permissionSchema, roleSchema, type Permission, type Role } from '../../shared/domain/role';
import { userSchema, type User } from '../../shared/domain/user';
import { openDatabase, type Db, type Migration } from '../storage/sqlite';

const migrations: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        -- Users as last fetched, one row per user; fetched_at (ms) says how old each is.
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          body TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        ) STRICT;
        -- The last roles list (whole: every fetch replaces it) and where it came from.
        -- position: the server's order, which the copy answers in.
        CREATE TABLE roles (
          name TEXT PRIMARY KEY,
          position INTEGER NOT NULL,
          body TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE permissions (
          name TEXT PRIMARY KEY,
          position INTEGER NOT NULL,
          description TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
];

export interface CachedUser {
  user: User;
  /** When it was fetched (ms). */
  fetchedAt: number;
}

export interface CachedRoles {
  roles: Role[];
  permissions: Permission[];
  /** When the roles were fetched (ms): the oldest of them; null when none are held. */
  fetchedAt: number | null;
}

interface Row {
  body: string;
  fetched_at: number;
}

/**
 * The users screen's offline copy: `<cacheFolder>/<environmentId>.users.sqlite`, one per
 * environment, opened on first use and kept open (deleting an environment removes every
 * `<id>.*` file after `release`). Rows are read back through the shared schemas, so a copy an
 * older console wrote that no longer reads is skipped rather than shown wrong.
 */
export class UsersCache {
  private readonly open = new Map<string, Db>();
  private closed = false;

  /** `exists`: whether the environment is still configured (see HealthCache for why). */
  constructor(
    private readonly cacheFolder: string,
    private readonly exists: (environmentId: string) => boolean,
  ) {}

  static fileName(environmentId: string): string {
    return `${environmentId}.users.sqlite`;
  }

  /** Upserts users by id. With `complete`, users not in this fetch are gone from the server. */
  saveUsers(environmentId: string, users: readonly User[], fetchedAt: number, complete = false): void {
    const db = this.db(environmentId);
    if (db === null) return;
    const upsert = db.prepare(
      `INSERT INTO users (id, body, fetched_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at`,
    );
    db.transaction(() => {
      for (const user of users) upsert.run(user.id, JSON.stringify(user), fetchedAt);
      // Rows fetched later by another request stay: they are newer than this list.
      if (complete) db.prepare('DELETE FROM users WHERE fetched_at < ?').run(fetchedAt);
    })();
  }

  forgetUser(environmentId: string, id: number): void {
    this.db(environmentId)?.prepare('DELETE FROM users WHERE id = ?').run(id);
  }

  /** Every cached user with when it was fetched (ms). */
  users(environmentId: string): CachedUser[] {
    const rows = (this.db(environmentId)?.prepare('SELECT body, fetched_at FROM users').all() ?? []) as Row[];
    return rows.flatMap((row) => {
      const user = parseRow(row.body, (body) => userSchema.safeParse(body));
      return user === null ? [] : [{ user, fetchedAt: row.fetched_at }];
    });
  }

  user(environmentId: string, id: number): CachedUser | null {
    const row = this.db(environmentId)?.prepare('SELECT body, fetched_at FROM users WHERE id = ?').get(id) as
      Row | undefined;
    const user = row === undefined ? null : parseRow(row.body, (body) => userSchema.safeParse(body));
    return row === undefined || user === null ? null : { user, fetchedAt: row.fetched_at };
  }

  /** Replaces the roles and permissions: a roles list is always whole. */
  saveRoles(
    environmentId: string,
    roles: readonly Role[],
    permissions: readonly Permission[],
    at: number,
  ): void {
    const db = this.db(environmentId);
    if (db === null) return;
    const role = db.prepare(
      'INSERT OR REPLACE INTO roles (name, position, body, fetched_at) VALUES (?, ?, ?, ?)',
    );
    const permission = db.prepare(
      'INSERT OR REPLACE INTO permissions (name, position, description, fetched_at) VALUES (?, ?, ?, ?)',
    );
    // OR REPLACE: a server that names a role twice is not worth failing the whole list for.
    db.transaction(() => {
      db.exec('DELETE FROM roles; DELETE FROM permissions;');
      roles.forEach((r, position) => role.run(r.name, position, JSON.stringify(r), at));
      permissions.forEach((p, position) => permission.run(p.name, position, p.description, at));
    })();
  }

  /** One role after a write; the rest of the list keeps its own time. */
  saveRole(environmentId: string, role: Role, at: number): void {
    this.db(environmentId)
      ?.prepare(
        `INSERT INTO roles (name, position, body, fetched_at)
           VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM roles), ?, ?)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at`,
      )
      .run(role.name, JSON.stringify(role), at);
  }

  forgetRole(environmentId: string, name: string): void {
    this.db(environmentId)?.prepare('DELETE FROM roles WHERE name = ?').run(name);
  }

  roles(environmentId: string): CachedRoles {
    const db = this.db(environmentId);
    const rows = (db?.prepare('SELECT body, fetched_at FROM roles ORDER BY position').all() ?? []) as Row[];
    const permissions =
      db?.prepare('SELECT name, description FROM permissions ORDER BY position').all() ?? [];
    const roles: Role[] = [];
    let fetchedAt: number | null = null;
    for (const row of rows) {
      const role = parseRow(row.body, (body) => roleSchema.safeParse(body));
      if (role === null) continue;
      roles.push(role);
      fetchedAt = fetchedAt === null ? row.fetched_at : Math.min(fetchedAt, row.fetched_at);
    }
    return {
      roles,
      permissions: permissions.flatMap((p) => {
        const parsed = permissionSchema.safeParse(p);
        return parsed.success ? [parsed.data] : [];
      }),
      fetchedAt,
    };
  }

  /** Closes an environment's file so it can be removed (Windows refuses to remove open files). */
  release(environmentId: string): void {
    this.open.get(environmentId)?.close();
    this.open.delete(environmentId);
  }

  close(): void {
    this.closed = true;
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }

  /** The environment's open file; null once the environment is gone or the console quits. */
  private db(environmentId: string): Db | null {
    if (this.closed) return null;
    if (!this.exists(environmentId)) {
      this.release(environmentId);
      return null;
    }
    const file = path.join(this.cacheFolder, UsersCache.fileName(environmentId));
    let db = this.open.get(environmentId);
    // Removed under us (the environment deleted and made again): start a fresh file.
    if (db !== undefined && !fs.existsSync(file)) {
      db.close();
      db = undefined;
    }
    if (db === undefined) {
      db = openDatabase(file, migrations);
      this.open.set(environmentId, db);
    }
    return db;
  }
}

function parseRow<T>(
  text: string,
  parse: (body: unknown) => { success: true; data: T } | { success: false },
): T | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = parse(body);
  return parsed.success ? parsed.data : null;
}
