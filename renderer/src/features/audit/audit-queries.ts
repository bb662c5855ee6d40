import {
  keepPreviousData,
  skipToken,
  useMutation,
  useMutationState,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { AuditFilter, AuditRow, AuditStatus, AuditWindow } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { isOppError } from '../../../../shared/errors';
import type { CallOutput } from '../../../../shared/ipc/contract';
import type { OppApi } from '../../../../shared/ipc/opp-api';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';
import { AuditWindows, type AuditHistogram, type AuditOrder } from './audit-windows';

export type SavedAuditQuery = CallOutput<'audit.savedQueries'>[number];
export type AuditExportReport = CallOutput<'audit.export'>;

/** Rows per keyset window while scrolling. */
export const WINDOW_SIZE = 200;

/** Every audit key starts `[environmentId, 'audit']`, which `cache.invalidated` scope 'audit' refreshes. */
export const auditKeys = {
  status: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'audit', 'status'),
  query: (environmentId: EnvironmentId, filter: AuditFilter, order: AuditOrder) =>
    queryKeys.scoped(environmentId, 'audit', 'query', filter, order),
  histogram: (environmentId: EnvironmentId, filter: AuditFilter, buckets: number) =>
    queryKeys.scoped(environmentId, 'audit', 'histogram', filter, buckets),
  event: (environmentId: EnvironmentId, id: number) => queryKeys.scoped(environmentId, 'audit', 'event', id),
  savedQueries: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'audit', 'saved'),
  /** The key of the Sync now mutation (not a query): its last outcome outlives the screen. */
  sync: (environmentId: EnvironmentId) => queryKeys.scoped(environmentId, 'audit', 'sync'),
};

/** How much of the log is copied, how fresh, and whether its chain holds. */
export function useAuditStatus(environmentId: EnvironmentId | null): UseQueryResult<AuditStatus> {
  const opp = useOpp();
  return useQuery<AuditStatus, Error, AuditStatus, readonly unknown[]>({
    queryKey: environmentId === null ? ['@app', 'audit', 'none'] : auditKeys.status(environmentId),
    queryFn: environmentId === null ? skipToken : () => opp.audit.status({ environmentId }),
  });
}

/** A call that answers the new status: shown at once, and everything else of the audit refreshed. */
function useStatusCall(
  environmentId: EnvironmentId,
  call: () => Promise<AuditStatus>,
  mutationKey?: readonly unknown[],
): UseMutationResult<AuditStatus, unknown, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey,
    mutationFn: call,
    onSuccess: (status) => {
      queryClient.setQueryData(auditKeys.status(environmentId), status);
      void queryClient.invalidateQueries({ queryKey: queryKeys.scoped(environmentId, 'audit') });
    },
  });
}

/** Brings the copy up to date now (needs a session); progress comes as `sync.progress`. */
export function useSyncAudit(environmentId: EnvironmentId): UseMutationResult<AuditStatus, unknown, void> {
  const opp = useOpp();
  return useStatusCall(
    environmentId,
    () => opp.audit.syncNow({ environmentId }),
    auditKeys.sync(environmentId),
  );
}

/**
 * Whether the last Sync now found the server unreachable (OFFLINE) and no copy has caught up
 * since. Main does not say `connectivity.changed` when a sync cannot reach the server, so this is
 * what lets the screen say it shows the copy offline. Read from the mutation cache, so it holds
 * while another area is open.
 */
export function useSyncFoundOffline(environmentId: EnvironmentId, lastSyncAt: string | null): boolean {
  const attempts = useMutationState({
    filters: { mutationKey: auditKeys.sync(environmentId) },
    select: (mutation) => mutation.state,
  });
  const last = attempts.at(-1);
  if (last?.status !== 'error' || !isOppError(last.error) || last.error.code !== 'OFFLINE') return false;
  // A scheduled copy that caught up after the failed attempt proves the server answers again.
  return lastSyncAt === null || Date.parse(lastSyncAt) < last.submittedAt;
}

/** Checks the whole hash chain of the copy again; works offline. */
export function useVerifyAudit(environmentId: EnvironmentId): UseMutationResult<AuditStatus, unknown, void> {
  const opp = useOpp();
  return useStatusCall(environmentId, () => opp.audit.verify({ environmentId }));
}

/** Keeps only the last `days` days (null: everything) from the next sync on. */
export function useSetHorizon(
  environmentId: EnvironmentId,
): UseMutationResult<AuditStatus, unknown, number | null> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (days: number | null) => opp.audit.setHorizon({ environmentId, days }),
    onSuccess: (status) => queryClient.setQueryData(auditKeys.status(environmentId), status),
  });
}

/** The histogram of the filtered events, cached under its filter and bucket count. */
function histogramQuery(opp: OppApi, environmentId: EnvironmentId, filter: AuditFilter, buckets: number) {
  return {
    queryKey: auditKeys.histogram(environmentId, filter, buckets),
    queryFn: () => opp.audit.histogram({ environmentId, filter, buckets }),
  };
}

/** The histogram for `buckets` bars; nothing is asked while `buckets` is null (not sized yet). */
export function useAuditHistogram(
  environmentId: EnvironmentId,
  filter: AuditFilter,
  buckets: number | null,
): UseQueryResult<AuditHistogram> {
  const opp = useOpp();
  return useQuery({
    ...histogramQuery(opp, environmentId, filter, buckets ?? 0),
    ...(buckets === null ? { queryFn: skipToken } : {}),
    placeholderData: keepPreviousData,
  });
}

/** The rows of the table: the first window with the total, and the windows held around the view. */
export interface AuditRowsData {
  window: AuditWindow;
  rows: AuditWindows;
}

/**
 * The table's rows under `[envId, 'audit', 'query', filter, order]`. The query's data is the
 * first window (refetched when main says the audit changed) and the `AuditWindows` that holds
 * the other windows: a refetch hands it the new first window, so the rows already shown stay.
 * While another filter loads, the previous rows stay on screen.
 */
export function useAuditRows(
  environmentId: EnvironmentId,
  filter: AuditFilter,
  order: AuditOrder,
): UseQueryResult<AuditRowsData> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: auditKeys.query(environmentId, filter, order),
    queryFn: async ({ queryKey }) => {
      const window = await opp.audit.query({ environmentId, filter, order, after: null, limit: WINDOW_SIZE });
      const rows =
        queryClient.getQueryData<AuditRowsData>(queryKey)?.rows ??
        createWindows(opp, queryClient, environmentId, filter, order);
      rows.setHead(window);
      return { window, rows };
    },
    placeholderData: keepPreviousData,
    // The data holds a live object: never replace it by a deep copy.
    structuralSharing: false,
  });
}

function createWindows(
  opp: OppApi,
  queryClient: QueryClient,
  environmentId: EnvironmentId,
  filter: AuditFilter,
  order: AuditOrder,
): AuditWindows {
  return new AuditWindows({
    filter,
    order,
    windowSize: WINDOW_SIZE,
    fetchWindow: (request) => opp.audit.query({ environmentId, ...request }),
    fetchHistogram: (range, buckets) =>
      queryClient.fetchQuery({ ...histogramQuery(opp, environmentId, range, buckets), staleTime: 30_000 }),
  });
}

/** One event with its chain mark; the row from the table shows until it arrives. */
export function useAuditEvent(
  environmentId: EnvironmentId,
  id: number | null,
  row: AuditRow | undefined,
): UseQueryResult<AuditRow | null> {
  const opp = useOpp();
  return useQuery<AuditRow | null, Error, AuditRow | null, readonly unknown[]>({
    queryKey: id === null ? ['@app', 'audit', 'no-event'] : auditKeys.event(environmentId, id),
    queryFn: id === null ? skipToken : () => opp.audit.event({ environmentId, id }),
    placeholderData: row?.id === id ? row : undefined,
  });
}

/** Writes the filtered events to a file chosen in main's dialog (file null when cancelled). */
export function useExportAudit(
  environmentId: EnvironmentId,
): UseMutationResult<AuditExportReport, unknown, { filter: AuditFilter; format: 'csv' | 'json' }> {
  const opp = useOpp();
  return useMutation({
    mutationFn: ({ filter, format }) => opp.audit.export({ environmentId, filter, format }),
  });
}

export function useSavedQueries(environmentId: EnvironmentId): UseQueryResult<SavedAuditQuery[]> {
  const opp = useOpp();
  return useQuery({
    queryKey: auditKeys.savedQueries(environmentId),
    queryFn: () => opp.audit.savedQueries({ environmentId }),
  });
}

export function useSaveQuery(
  environmentId: EnvironmentId,
): UseMutationResult<SavedAuditQuery[], unknown, { name: string; filter: AuditFilter }> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, filter }) => opp.audit.saveQuery({ environmentId, name, filter }),
    onSuccess: (list) => queryClient.setQueryData(auditKeys.savedQueries(environmentId), list),
  });
}

export function useDeleteQuery(
  environmentId: EnvironmentId,
): UseMutationResult<SavedAuditQuery[], unknown, string> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => opp.audit.deleteQuery({ environmentId, name }),
    onSuccess: (list) => queryClient.setQueryData(auditKeys.savedQueries(environmentId), list),
  });
}
