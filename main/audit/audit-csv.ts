import type { AuditRow } from '../../shared/domain/audit-query';

/** The export's columns, in order; `details` is its JSON text. */
export const CSV_COLUMNS = [
  'id',
  'timestamp',
  'user_id',
  'username',
  'action',
  'resource',
  'resource_id',
  'outcome',
  'ip_address',
  'user_agent',
  'session_id',
  'details',
  'chain',
  'prev_hash',
  'hash',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some strip first) gets a leading apostrophe, as OWASP advises: an audit log holds
 * text that users chose (usernames, user agents), and opening an export must not run it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: AuditRow): string {
  return `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}
