import type { AuditFilter } from '../../shared/domain/audit-query';
import { keyRange } from './audit-order';
import { anyOfTags, ftsQuery, ipPrefixExpression, wordExpression } from './audit-text';

/** A filter as the copy answers it: one FTS5 expression (or none) and a time range. */
export interface FilterPlan {
  /** The FTS5 query that every matching event satisfies; null when only time narrows. */
  match: string | null;
  fromMs: number | null;
  toMs: number | null;
  /** Order-key range of the time range (rowids of the table and of the FTS index). */
  lo: number;
  hi: number;
  /** True when nothing can match (`from` after `to`). */
  empty: boolean;
}

/**
 * Every field of AuditFilter narrows; they combine with AND. The user's values never become SQL:
 * they are bound as parameters, and inside the FTS5 expression they are hex tags or quoted words.
 * `agentsMatching` looks a word up in the user-agent index (AgentDictionary.matching).
 */
export function planFilter(filter: AuditFilter, agentsMatching: (term: string) => number[]): FilterPlan {
  const parts: string[] = [];
  for (const term of filter.text === undefined ? [] : ftsQuery(filter.text)) {
    parts.push(wordExpression(term, agentsMatching(term)));
  }
  if (filter.usernames !== undefined && filter.usernames.length > 0)
    parts.push(anyOfTags('u', filter.usernames));
  if (filter.actions !== undefined && filter.actions.length > 0) parts.push(anyOfTags('a', filter.actions));
  if (filter.outcome !== undefined) parts.push(anyOfTags('o', [filter.outcome]));
  if (filter.resource !== undefined) parts.push(anyOfTags('r', [filter.resource]));
  if (filter.ipPrefix !== undefined) parts.push(ipPrefixExpression(filter.ipPrefix));
  const fromMs = filter.from === undefined ? null : Date.parse(filter.from);
  const toMs = filter.to === undefined ? null : Date.parse(filter.to);
  const { lo, hi } = keyRange(fromMs, toMs);
  return {
    match: parts.length === 0 ? null : parts.map((part) => `(${part})`).join(' AND '),
    fromMs,
    toMs,
    lo,
    hi,
    empty: fromMs !== null && toMs !== null && fromMs > toMs,
  };
}
