import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** One schema step; `version` numbers are consecutive from 1 and never reused. */
export interface Migration {
  version: number;
  up(db: Db): void;
}

/**
 * Opens (or creates) a SQLite file with the settings every cache file shares: WAL so readers
 * never wait for the audit sync's writes, foreign keys on, a busy timeout instead of instant
 * SQLITE_BUSY, and `synchronous=NORMAL` (safe with WAL: a crash loses at most the last
 * transactions, never consistency). Migrations run in one transaction each, numbered by
 * `user_version`, so a file is always at exactly one known version.
 */
export function openDatabase(file: string, migrations: readonly Migration[]): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migrations must be numbered 1..n; found ${migration.version}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = sorted.length;
  if (current > latest) {
    throw new Error(
      `This data file was written by a newer OPP Console (schema ${current}; this one knows ${latest}). Update the console.`,
    );
  }
  for (const migration of sorted.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
