import type { AuditRow, AuditStatus } from '../../../../shared/domain/audit-query';

const numberFormat = new Intl.NumberFormat();
const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** 1234567 → "1,234,567" in the user's locale. */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** "3 events", "1 event". */
export function countWords(count: number, unit = 'event'): string {
  return `${formatCount(count)} ${unit}${count === 1 ? '' : 's'}`;
}

/** An event time in the user's local time, to the second: "12 Mar 2026, 14:32:05". */
export function formatEventTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** A day in the user's locale: "12 Mar 2026". */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** The table's compact local time, fixed width for scanning down a column: "2026-03-12 14:32:05". */
export function formatTableTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** What a row's chain mark means, for the detail panel and the table's icon. */
export const CHAIN_MARK_WORDS: Readonly<Record<AuditRow['chain'], string>> = {
  verified: 'Verified: its hash continues the chain from the first event held.',
  broken: 'Fails the chain check: the event or one before it was changed after it was written.',
  unverified: 'Not checked yet: the chain check has not reached this event.',
  unchained: 'This server does not chain its log, so this event cannot be checked.',
};

export const CHAIN_MARK_TITLES: Readonly<Record<AuditRow['chain'], string>> = {
  verified: 'Verified',
  broken: 'Chain broken',
  unverified: 'Not verified yet',
  unchained: 'Not chained',
};

/** Why an event fails the chain check: the break at or before it. */
export function breakFor(
  status: AuditStatus | undefined,
  id: number,
): AuditStatus['chain']['breaks'][number] | undefined {
  const breaks = status?.chain.breaks ?? [];
  return (
    breaks.find((candidate) => candidate.id === id) ?? breaks.findLast((candidate) => candidate.id <= id)
  );
}
