import type { AuditStatus } from '../../shared/domain/audit-query';
import type { AuditCache } from './audit-cache';
import { isoUtc } from './audit-time';

export type RunState = 'idle' | 'syncing' | 'backing_off' | 'error';

/** Breaks listed in a status; the copy keeps every one (each event's mark shows it). */
const BREAKS_SHOWN = 500;

/** What the audit screen's status line and chain badge read. `cache` null: no copy on this computer. */
export function describeCopy(environmentId: string, cache: AuditCache | null, state: RunState): AuditStatus {
  if (cache === null) {
    return {
      environmentId,
      mode: null,
      state: state === 'idle' ? 'never' : state,
      eventsHeld: 0,
      oldestTimestamp: null,
      newestTimestamp: null,
      lastSyncAt: null,
      lastError: null,
      horizonDays: null,
      chain: { status: 'unverified', verifiedThroughId: null, headHash: null, breaks: [] },
    };
  }
  const record = cache.sync();
  const span = cache.span();
  const point = cache.chainPoint();
  const head = cache.head();
  const breaks = cache.breaks(BREAKS_SHOWN);
  const chained = head !== null && head.hash !== null;
  let chainStatus: AuditStatus['chain']['status'];
  if (breaks.length > 0) chainStatus = 'broken';
  else if (record.mode === 'legacy' || (head !== null && !chained)) chainStatus = 'unchained';
  else if (head !== null && point.checkedThroughId >= head.id) chainStatus = 'verified';
  else chainStatus = 'unverified';
  const never = record.mode === null && record.eventsHeld === 0 && record.lastSyncAt === null;
  return {
    environmentId,
    mode: record.mode,
    state:
      never && state === 'idle' ? 'never' : state === 'idle' && record.lastError !== null ? 'error' : state,
    eventsHeld: record.eventsHeld,
    oldestTimestamp: span.oldest === null ? null : isoUtc(span.oldest),
    newestTimestamp: span.newest === null ? null : isoUtc(span.newest),
    lastSyncAt: record.lastSyncAt,
    lastError: record.lastError,
    horizonDays: record.horizonDays,
    chain: {
      status: chainStatus,
      verifiedThroughId: chained ? point.verifiedThroughId : null,
      headHash: head?.hash ?? null,
      breaks,
    },
  };
}
