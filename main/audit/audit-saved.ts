import { auditFilterSchema, type AuditFilter } from '../../shared/domain/audit-query';
import type { Db } from '../storage/sqlite';

export interface SavedQuery {
  name: string;
  filter: AuditFilter;
  savedAt: string;
}

/** Named filters of one environment, in its cache file: they work offline like the copy. */
export function listSavedQueries(db: Db): SavedQuery[] {
  const rows = db
    .prepare<[], { name: string; filter: string; saved_at: string }>(
      'SELECT name, filter, saved_at FROM audit_saved_queries ORDER BY name COLLATE NOCASE',
    )
    .all();
  return rows.flatMap((row) => {
    // A filter written by another version of the console that no longer parses is left out, not fatal.
    let raw: unknown;
    try {
      raw = JSON.parse(row.filter);
    } catch {
      return [];
    }
    const parsed = auditFilterSchema.safeParse(raw);
    return parsed.success ? [{ name: row.name, filter: parsed.data, savedAt: row.saved_at }] : [];
  });
}

/** Saves (or replaces, names compare without case) a named filter. */
export function saveQuery(db: Db, name: string, filter: AuditFilter, savedAt: string): void {
  db.prepare(
    `INSERT INTO audit_saved_queries (name, filter, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET name = excluded.name, filter = excluded.filter, saved_at = excluded.saved_at`,
  ).run(name, JSON.stringify(filter), savedAt);
}

export function deleteQuery(db: Db, name: string): void {
  db.prepare('DELETE FROM audit_saved_queries WHERE name = ?').run(name);
}
