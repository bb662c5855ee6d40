import {
  hashKey,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { AuditRow } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { Alerts, HealthOverview, RangeResult } from '../../../../shared/domain/health';
import type { CallInput } from '../../../../shared/ipc/contract';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';
import { rangeKey, refreshMs, resolveRange, type TimeRange } from './health-time';
import { useHealthUi } from './health-ui-store';
import { useDocumentVisible } from './use-document-visible';

/** What a chart asks for: one of the dashboard's panels, or an explorer query. */
export type RangeSource = { panel: string } | { promql: string };

/** A range answer with the window it covers (a preset's window is fixed when the query runs). */
export interface RangeData extends RangeResult {
  start: number;
  end: number;
}

export const healthKeys = {
  all: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'health'),
  overview: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'health', 'overview'),
  /** Every chart's range query of an environment (panels and explorer). */
  ranges: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'health', 'range'),
  range: (environmentId: EnvironmentId, source: RangeSource, range: TimeRange, widthPx: number | null) =>
    queryKeys.scoped(environmentId, 'health', 'range', source, rangeKey(range), widthPx),
  history: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'health', 'queryHistory'),
  alerts: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'health', 'alerts'),
  /** Audit markers come from the audit copy: under 'audit', so a sync refreshes them. */
  markersAll: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'audit', 'healthMarkers'),
  markers: (environmentId: EnvironmentId, actions: readonly string[], range: TimeRange) =>
    queryKeys.scoped(environmentId, 'audit', 'healthMarkers', { actions, range: rangeKey(range) }),
};

/**
 * Settles with `promise`, or rejects once react-query aborts the query (the range changed or
 * the chart went away). Reading `signal` is what tells react-query it may cancel this fetch;
 * main cancels its own superseded request to Prometheus.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = new Promise<never>((_resolve, reject) => {
    const onAbort = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]);
}

/**
 * How often live data refetches: the chosen refresh, and never while the window is hidden.
 * Coming back into view refetches what went stale meanwhile.
 */
export function useLiveOptions(): {
  refetchInterval: number | false;
  refetchIntervalInBackground: false;
  refetchOnWindowFocus: boolean;
  staleTime: number;
} {
  const refresh = useHealthUi((state) => state.refresh);
  const visible = useDocumentVisible();
  const ms = refreshMs(refresh);
  return {
    refetchInterval: visible && ms !== null ? ms : false,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: ms !== null,
    staleTime: ms ?? 30_000,
  };
}

export function useHealthOverview(environmentId: EnvironmentId): UseQueryResult<HealthOverview> {
  const opp = useOpp();
  return useQuery({
    queryKey: healthKeys.overview(environmentId),
    queryFn: () => opp.health.overview({ environmentId }),
    ...useLiveOptions(),
  });
}

export function useHealthAlerts(environmentId: EnvironmentId): UseQueryResult<Alerts> {
  const opp = useOpp();
  return useQuery({
    queryKey: healthKeys.alerts(environmentId),
    queryFn: () => opp.health.alerts({ environmentId }),
    ...useLiveOptions(),
  });
}

export function useQueryHistory(environmentId: EnvironmentId): UseQueryResult<string[]> {
  const opp = useOpp();
  return useQuery({
    queryKey: healthKeys.history(environmentId),
    queryFn: () => opp.health.queryHistory({ environmentId }),
  });
}

function clampWidth(widthPx: number): number {
  return Math.min(8000, Math.max(10, Math.round(widthPx)));
}

/** The first parts of a range key: everything but the width. */
function sameChart(a: QueryKey, b: QueryKey): boolean {
  return hashKey(a.slice(0, 5)) === hashKey(b.slice(0, 5));
}

/**
 * One chart's series over `range`, downsampled by main to `widthPx` points at most. Waits for
 * the width. When only the width changed (a resize) the old lines stay up until the new ones
 * arrive; a new range starts from a loading chart.
 */
export function useHealthRange({
  environmentId,
  source,
  range,
  widthPx,
  enabled = true,
}: {
  environmentId: EnvironmentId;
  source: RangeSource;
  range: TimeRange;
  widthPx: number | null;
  enabled?: boolean;
}): UseQueryResult<RangeData> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  const queryKey = healthKeys.range(environmentId, source, range, widthPx);
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      const { start, end } = resolveRange(range);
      const answer = untilAborted(
        opp.health.range({ environmentId, source, start, end, widthPx: clampWidth(widthPx ?? 10) }),
        signal,
      );
      if ('promql' in source) {
        // Main keeps each explorer query in the environment's history, whatever its outcome.
        const refreshHistory = (): Promise<void> =>
          queryClient.invalidateQueries({ queryKey: healthKeys.history(environmentId) });
        void answer.then(refreshHistory, refreshHistory);
      }
      return { ...(await answer), start, end };
    },
    enabled: enabled && widthPx !== null,
    placeholderData: (previous, previousQuery) =>
      previousQuery !== undefined && sameChart(previousQuery.queryKey, queryKey) ? previous : undefined,
    ...useLiveOptions(),
  });
}

export interface AuditMarkerData {
  rows: AuditRow[];
  /** True when more events matched than the 1000 fetched. */
  truncated: boolean;
}

/** The chosen audit actions over the range, oldest first, from the local audit copy. */
export function useAuditMarkers({
  environmentId,
  actions,
  range,
  enabled,
}: {
  environmentId: EnvironmentId;
  actions: readonly string[];
  range: TimeRange;
  enabled: boolean;
}): UseQueryResult<AuditMarkerData> {
  const opp = useOpp();
  return useQuery({
    queryKey: healthKeys.markers(environmentId, actions, range),
    queryFn: async ({ signal }) => {
      const { start, end } = resolveRange(range);
      const window = await untilAborted(
        opp.audit.query({
          environmentId,
          filter: {
            actions: [...actions],
            from: new Date(start).toISOString(),
            to: new Date(end).toISOString(),
          },
          order: 'oldest',
          after: null,
          limit: 1000,
        }),
        signal,
      );
      return { rows: window.rows, truncated: window.next !== null };
    },
    enabled: enabled && actions.length > 0,
    ...useLiveOptions(),
  });
}

/**
 * Cancels the charts' queries in flight (and drops their waiting answers) before the range
 * changes, so that a slow answer for the old range never lands on the new one.
 */
export function cancelRangeQueries(queryClient: QueryClient, environmentId: EnvironmentId): void {
  void queryClient.cancelQueries({ queryKey: healthKeys.ranges(environmentId) });
  void queryClient.cancelQueries({ queryKey: healthKeys.markersAll(environmentId) });
}

export type SilenceInput = CallInput<'health.silence'>;

export function useCreateSilence(
  environmentId: EnvironmentId,
): UseMutationResult<{ silenceId: string }, unknown, SilenceInput> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SilenceInput) => opp.health.silence(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: healthKeys.alerts(environmentId) }),
  });
}

export function useExpireSilence(environmentId: EnvironmentId): UseMutationResult<void, unknown, string> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (silenceId: string) => opp.health.expireSilence({ environmentId, silenceId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: healthKeys.alerts(environmentId) }),
  });
}

export interface Freshness {
  /** When the data shown was fetched (the oldest, when several answers are on screen). */
  asOf: string;
  fromCache: boolean;
}

function isFresh(value: unknown): value is Freshness {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Freshness>).asOf === 'string' &&
    typeof (value as Partial<Freshness>).fromCache === 'boolean'
  );
}

/**
 * How fresh the answers on screen under `prefix` are: the queries observed right now. Any from
 * the offline cache makes the whole screen "offline, as of" its oldest.
 */
export function useShownFreshness(prefix: QueryKey): Freshness | null {
  const queryClient = useQueryClient();
  const cache = queryClient.getQueryCache();
  const prefixHash = hashKey(prefix);
  const subscribe = useCallback((onChange: () => void) => cache.subscribe(onChange), [cache]);
  const snapshot = useSyncExternalStore(subscribe, () => {
    const answers = cache
      .findAll({ queryKey: JSON.parse(prefixHash) as QueryKey, type: 'active' })
      .map((query) => query.state.data)
      .filter(isFresh);
    if (answers.length === 0) return '';
    const offline = answers.filter((answer) => answer.fromCache);
    const shown = offline.length > 0 ? offline : answers;
    const oldest = shown.reduce((a, b) => (Date.parse(a.asOf) <= Date.parse(b.asOf) ? a : b));
    return JSON.stringify({ asOf: oldest.asOf, fromCache: offline.length > 0 });
  });
  return useMemo(() => (snapshot === '' ? null : (JSON.parse(snapshot) as Freshness)), [snapshot]);
}
