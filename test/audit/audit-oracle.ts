import type { AuditEvent } from '../../shared/domain/audit';
import type { AuditFilter } from '../../shared/domain/audit-query';

/**
 * An independent answer to "which events does this filter match", in plain JavaScript over the
 * server's own log, sharing no code with the console. Free text follows the documented rules:
 * each typed word must occur in one of the searchable fields (username, action, resource and its
 * id, IP, user agent, the values of details), as whole words, case and accents ignored, a
 * trailing `*` meaning a prefix; a word made of several (`bad_password`) must occur as a phrase.
 */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function values(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) values(item, into);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) values(item, into);
  return into;
}

function fields(e: AuditEvent): string[][] {
  const resource = e.resource_id === null ? (e.resource ?? '') : `${e.resource ?? ''} ${e.resource_id}`;
  return [
    e.username ?? '',
    e.action,
    resource,
    e.ip_address ?? '',
    e.user_agent ?? '',
    values(e.details, []).join(' '),
  ].map(words);
}

function phraseIn(field: string[], phrase: string[], prefix: boolean): boolean {
  for (let start = 0; start + phrase.length <= field.length; start += 1) {
    const hit = phrase.every((word, i) => {
      const token = field[start + i] ?? '';
      return prefix && i === phrase.length - 1 ? token.startsWith(word) : token === word;
    });
    if (hit) return true;
  }
  return false;
}

function textMatches(e: AuditEvent, text: string): boolean {
  const indexed = fields(e);
  for (const typed of text.split(/\s+/u)) {
    const prefix = typed.length > 1 && typed.endsWith('*');
    const phrase = words(prefix ? typed.replace(/\*+$/u, '') : typed);
    if (phrase.length === 0) continue;
    if (!indexed.some((field) => phraseIn(field, phrase, prefix))) return false;
  }
  return true;
}

export function matches(e: AuditEvent, filter: AuditFilter): boolean {
  const ms = Date.parse(e.timestamp);
  if (filter.from !== undefined && ms < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && ms > Date.parse(filter.to)) return false;
  if (filter.usernames !== undefined && !filter.usernames.includes(e.username ?? '\u0000')) return false;
  if (filter.actions !== undefined && !filter.actions.includes(e.action)) return false;
  if (filter.outcome !== undefined && e.outcome !== filter.outcome) return false;
  if (filter.resource !== undefined && e.resource !== filter.resource) return false;
  if (filter.ipPrefix !== undefined && !(e.ip_address ?? '').startsWith(filter.ipPrefix)) return false;
  if (filter.text !== undefined && !textMatches(e, filter.text)) return false;
  return true;
}

/** The matching ids, newest first (time, then id). */
export function expectedIds(log: readonly AuditEvent[], filter: AuditFilter): number[] {
  return log
    .filter((e) => matches(e, filter))
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || b.id - a.id)
    .map((e) => e.id);
}
