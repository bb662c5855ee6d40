import type Database from 'better-sqlite3';
import type { AuditFilter } from '../shared/domain/audit-query';

const TEXT_COLUMNS = ['e.username', 'e.action', 'e.resource', 'e.ip_address', 'g.agent', 'e.details'];
/** User agents are stored once each (main/audit/audit-agents.ts): the naive query joins them back. */
const FROM = 'audit_events e LEFT JOIN audit_agents g ON g.id = e.agent';

/**
 * The audit queries as they are usually first written, on the same file, for comparison: each
 * typed word as `LIKE '%word%'` over the text columns, the filters as plain comparisons, the
 * window by ORDER BY time with OFFSET, and the total by count(*) over the same WHERE. (It may
 * build SQL text from the filter's shape; the values are still bound.)
 */
export function naiveQuery(
  db: Database.Database,
  filter: AuditFilter,
  order: 'newest' | 'oldest',
  offset: number,
  limit: number,
): { rows: unknown[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.from !== undefined) {
    where.push('e.ts >= ?');
    params.push(Date.parse(filter.from));
  }
  if (filter.to !== undefined) {
    where.push('e.ts <= ?');
    params.push(Date.parse(filter.to));
  }
  if (filter.usernames !== undefined) {
    where.push(`e.username IN (${filter.usernames.map(() => '?').join(', ')})`);
    params.push(...filter.usernames);
  }
  if (filter.actions !== undefined) {
    where.push(`e.action IN (${filter.actions.map(() => '?').join(', ')})`);
    params.push(...filter.actions);
  }
  if (filter.outcome !== undefined) {
    where.push('e.outcome = ?');
    params.push(filter.outcome);
  }
  if (filter.resource !== undefined) {
    where.push('e.resource = ?');
    params.push(filter.resource);
  }
  if (filter.ipPrefix !== undefined) {
    where.push("e.ip_address LIKE ? ESCAPE '\\'");
    params.push(`${filter.ipPrefix.replace(/[\\%_]/g, '\\$&')}%`);
  }
  for (const word of (filter.text ?? '').split(/\s+/).filter((w) => w !== '')) {
    const like = `%${word.replace(/\*$/, '').replace(/[\\%_]/g, '\\$&')}%`;
    where.push(`(${TEXT_COLUMNS.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...TEXT_COLUMNS.map(() => like));
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const direction = order === 'newest' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT e.*, g.agent FROM ${FROM} ${clause} ORDER BY e.ts ${direction}, e.id ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, offset);
  const total = (db.prepare(`SELECT count(*) AS n FROM ${FROM} ${clause}`).get(...params) as { n: number }).n;
  return { rows, total };
}
