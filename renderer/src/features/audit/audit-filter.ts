import type { AuditFilter } from '../../../../shared/domain/audit-query';
import { formatEventTime } from './audit-words';

/** The filter without empty parts, so that equal filters share one cache key. */
export function normalizeFilter(filter: AuditFilter): AuditFilter {
  const result: AuditFilter = {};
  if (filter.from !== undefined) result.from = filter.from;
  if (filter.to !== undefined) result.to = filter.to;
  if (filter.usernames !== undefined && filter.usernames.length > 0) result.usernames = filter.usernames;
  if (filter.actions !== undefined && filter.actions.length > 0) result.actions = filter.actions;
  if (filter.outcome !== undefined) result.outcome = filter.outcome;
  const resource = filter.resource?.trim();
  if (resource !== undefined && resource !== '') result.resource = resource;
  const ipPrefix = filter.ipPrefix?.trim();
  if (ipPrefix !== undefined && ipPrefix !== '') result.ipPrefix = ipPrefix;
  const text = filter.text?.trim();
  if (text !== undefined && text !== '') result.text = text;
  return result;
}

export function isEmptyFilter(filter: AuditFilter): boolean {
  return Object.keys(normalizeFilter(filter)).length === 0;
}

function withValue(list: readonly string[] | undefined, value: string): string[] {
  return list?.includes(value) === true ? [...list] : [...(list ?? []), value];
}

/** The filter narrowed to one more username (several are ORed by main). */
export function withUsername(filter: AuditFilter, username: string): AuditFilter {
  return normalizeFilter({ ...filter, usernames: withValue(filter.usernames, username) });
}

export function withAction(filter: AuditFilter, action: string): AuditFilter {
  return normalizeFilter({ ...filter, actions: withValue(filter.actions, action) });
}

export function withRange(
  filter: AuditFilter,
  from: string | undefined,
  to: string | undefined,
): AuditFilter {
  return normalizeFilter({ ...filter, from, to });
}

/** One removable part of the filter, as a chip. */
export interface FilterChip {
  key: string;
  /** "User: alice"; the chip's button is "Remove filter: User: alice". */
  label: string;
  remove: (filter: AuditFilter) => AuditFilter;
}

/** "Time: since …", "Time: until …", "Time: … – …". */
export function rangeLabel(from: string | undefined, to: string | undefined): string {
  if (from !== undefined && to !== undefined)
    return `Time: ${formatEventTime(from)} – ${formatEventTime(to)}`;
  if (from !== undefined) return `Time: since ${formatEventTime(from)}`;
  return `Time: until ${formatEventTime(to ?? '')}`;
}

/** The chips of a filter, in a stable order. The free text has its own box. */
export function filterChips(filter: AuditFilter): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const username of filter.usernames ?? []) {
    chips.push({
      key: `user:${username}`,
      label: `User: ${username}`,
      remove: (f) => normalizeFilter({ ...f, usernames: f.usernames?.filter((u) => u !== username) }),
    });
  }
  for (const action of filter.actions ?? []) {
    chips.push({
      key: `action:${action}`,
      label: `Action: ${action}`,
      remove: (f) => normalizeFilter({ ...f, actions: f.actions?.filter((a) => a !== action) }),
    });
  }
  if (filter.outcome !== undefined) {
    chips.push({
      key: 'outcome',
      label: `Outcome: ${filter.outcome}`,
      remove: (f) => normalizeFilter({ ...f, outcome: undefined }),
    });
  }
  if (filter.resource !== undefined) {
    chips.push({
      key: 'resource',
      label: `Resource: ${filter.resource}`,
      remove: (f) => normalizeFilter({ ...f, resource: undefined }),
    });
  }
  if (filter.ipPrefix !== undefined) {
    chips.push({
      key: 'ip',
      label: `IP: ${filter.ipPrefix}`,
      remove: (f) => normalizeFilter({ ...f, ipPrefix: undefined }),
    });
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    chips.push({
      key: 'time',
      label: rangeLabel(filter.from, filter.to),
      remove: (f) => normalizeFilter({ ...f, from: undefined, to: undefined }),
    });
  }
  return chips;
}

export const QUICK_RANGES = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last day', ms: 86_400_000 },
  { label: 'Last week', ms: 7 * 86_400_000 },
] as const;

/** A `datetime-local` value ("2026-03-12T14:32") for an ISO time, in local time. */
export function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO time of a `datetime-local` value (local time), or undefined when empty or unreadable. */
export function fromLocalInput(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
