import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { openDatabase, type Db, type Migration } from '../storage/sqlite';

/** Explorer queries kept per environment. */
export const HISTORY_LENGTH = 20;
/** Range snapshots kept per environment (panels and explorer queries, a few ranges each). */
const MAX_RANGE_SNAPSHOTS = 200;

const migrations: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        -- The last answer of each health call, for "as of" when offline.
        CREATE TABLE snapshots (
          key TEXT PRIMARY KEY,
          as_of TEXT NOT NULL,
          saved_at INTEGER NOT NULL,
          body TEXT NOT NULL
        ) STRICT;
        -- When this console last saw a component healthy or a target up.
        CREATE TABLE last_seen (
          kind TEXT NOT NULL CHECK (kind IN ('component', 'target')),
          name TEXT NOT NULL,
          at TEXT NOT NULL,
          PRIMARY KEY (kind, name)
        ) STRICT;
        CREATE TABLE query_history (
          query TEXT PRIMARY KEY,
          used_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
];

export type SeenKind = 'component' | 'target';

/**
 * The health screens' offline copy: one small SQLite file per environment,
 * `<cacheFolder>/<environmentId>.health.sqlite` (the audit copy is `<id>.sqlite`; deleting an
 * environment removes every `<id>.*` file). Opened on first use and kept open.
 */
export class HealthCache {
  private readonly open = new Map<string, Db>();

  /**
   * `exists` says whether an environment is still configured: a request that was in flight while
   * its environment was deleted must not leave a file behind for a later environment of that id.
   */
  constructor(
    private readonly cacheFolder: string,
    private readonly exists: (environmentId: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  static fileName(environmentId: string): string {
    return `${environmentId}.health.sqlite`;
  }

  /** The last saved answer under `key`, if it still reads as `schema` (an older console's may not). */
  snapshot<S extends z.ZodType>(environmentId: string, key: string, schema: S): z.output<S> | null {
    const row = this.db(environmentId)?.prepare('SELECT body FROM snapshots WHERE key = ?').get(key) as
      { body: string } | undefined;
    if (row === undefined) return null;
    let json: unknown;
    try {
      json = JSON.parse(row.body);
    } catch {
      return null;
    }
    const parsed = schema.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  saveSnapshot(environmentId: string, key: string, asOf: string, body: unknown): void {
    const db = this.db(environmentId);
    if (db === null) return;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO snapshots (key, as_of, saved_at, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET as_of = excluded.as_of, saved_at = excluded.saved_at, body = excluded.body`,
      ).run(key, asOf, this.now(), JSON.stringify(body));
      if (key.startsWith('range:')) {
        db.prepare(
          `DELETE FROM snapshots WHERE key LIKE 'range:%' AND key NOT IN
             (SELECT key FROM snapshots WHERE key LIKE 'range:%' ORDER BY saved_at DESC LIMIT ?)`,
        ).run(MAX_RANGE_SNAPSHOTS);
      }
    })();
  }

  lastSeen(environmentId: string, kind: SeenKind): Map<string, string> {
    const rows = (this.db(environmentId)
      ?.prepare('SELECT name, at FROM last_seen WHERE kind = ?')
      .all(kind) ?? []) as { name: string; at: string }[];
    return new Map(rows.map((row) => [row.name, row.at]));
  }

  markSeen(environmentId: string, kind: SeenKind, seen: readonly { name: string; at: string }[]): void {
    const db = this.db(environmentId);
    if (db === null) return;
    const upsert = db.prepare(
      `INSERT INTO last_seen (kind, name, at) VALUES (?, ?, ?)
       ON CONFLICT (kind, name) DO UPDATE SET at = max(at, excluded.at)`,
    );
    db.transaction(() => {
      for (const { name, at } of seen) upsert.run(kind, name, at);
    })();
  }

  /** Records an explorer query as the newest, keeping the last HISTORY_LENGTH distinct ones. */
  rememberQuery(environmentId: string, query: string): void {
    const db = this.db(environmentId);
    if (db === null) return;
    db.transaction(() => {
      // Strictly increasing, so two queries in one millisecond keep their order.
      const newest = db.prepare('SELECT max(used_at) AS at FROM query_history').get() as {
        at: number | null;
      };
      const at = Math.max(this.now(), (newest.at ?? 0) + 1);
      db.prepare(
        `INSERT INTO query_history (query, used_at) VALUES (?, ?)
         ON CONFLICT (query) DO UPDATE SET used_at = excluded.used_at`,
      ).run(query, at);
      db.prepare(
        `DELETE FROM query_history WHERE query NOT IN
           (SELECT query FROM query_history ORDER BY used_at DESC LIMIT ?)`,
      ).run(HISTORY_LENGTH);
    })();
  }

  history(environmentId: string): string[] {
    const rows = (this.db(environmentId)
      ?.prepare('SELECT query FROM query_history ORDER BY used_at DESC LIMIT ?')
      .all(HISTORY_LENGTH) ?? []) as { query: string }[];
    return rows.map((row) => row.query);
  }

  /** Closes an environment's file, so it can be removed (Windows refuses to remove open files). */
  release(environmentId: string): void {
    this.open.get(environmentId)?.close();
    this.open.delete(environmentId);
  }

  close(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }

  /** The environment's open file; null once the environment is gone. */
  private db(environmentId: string): Db | null {
    if (!this.exists(environmentId)) {
      this.release(environmentId);
      return null;
    }
    const file = path.join(this.cacheFolder, HealthCache.fileName(environmentId));
    let db = this.open.get(environmentId);
    // Removed under us (the environment was deleted and made again): start a fresh file.
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

/** A short, stable key part for a PromQL text of any length. */
export function queryKey(promql: string): string {
  return createHash('sha256').update(promql).digest('hex').slice(0, 24);
}
