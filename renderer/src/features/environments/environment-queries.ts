import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import type {
  ConnectionReport,
  EnvironmentDraft,
  EnvironmentId,
  EnvironmentView,
} from '../../../../shared/domain/environment';
import type { CallOutput } from '../../../../shared/ipc/contract';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';
import { usePrivateCall, type PrivateCall } from '../../app/use-private-call';

export type ImportReport = CallOutput<'environments.import'>;
export type ExportReport = CallOutput<'environments.export'>;

/** The environments in the administrator's order (app-level: the list belongs to no environment). */
export function useEnvironments(): UseQueryResult<EnvironmentView[]> {
  const opp = useOpp();
  return useQuery({ queryKey: queryKeys.environments(), queryFn: () => opp.environments.list() });
}

/**
 * Adds or changes an environment. A draft may carry a monitoring password or token, so this is
 * a `usePrivateCall` (no cache keeps the draft). A new API address may end the session, so the
 * environment's session is asked for again too.
 */
export function useSaveEnvironment(): PrivateCall<EnvironmentDraft, EnvironmentView> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return usePrivateCall(async (draft: EnvironmentDraft) => {
    const saved = await opp.environments.save(draft);
    queryClient.setQueryData<EnvironmentView[]>(queryKeys.environments(), (list) =>
      list === undefined
        ? undefined
        : list.some((e) => e.id === saved.id)
          ? list.map((e) => (e.id === saved.id ? saved : e))
          : [...list, saved],
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.environments() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.session(saved.id) });
    return saved;
  });
}

/** Checks the servers of a draft without saving it (the draft may carry secrets: not cached). */
export function useTestConnection(): PrivateCall<EnvironmentDraft, ConnectionReport> {
  const opp = useOpp();
  return usePrivateCall((draft: EnvironmentDraft) => opp.environments.testConnection(draft));
}

/** Deletes an environment; everything cached for it goes too. */
export function useDeleteEnvironment(): UseMutationResult<void, unknown, EnvironmentId> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: EnvironmentId) => opp.environments.delete({ id }),
    onSuccess: (_nothing, id) => {
      queryClient.setQueryData<EnvironmentView[]>(queryKeys.environments(), (list) =>
        list?.filter((environment) => environment.id !== id),
      );
      queryClient.removeQueries({ queryKey: queryKeys.environment(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.environments() });
    },
  });
}

/**
 * Sets the order. The list moves at once; if main refuses (the list changed meanwhile), the
 * last known order comes back and the list is fetched again.
 */
export function useReorderEnvironments(): UseMutationResult<
  void,
  unknown,
  EnvironmentId[],
  { previous: EnvironmentView[] | undefined }
> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: EnvironmentId[]) => opp.environments.reorder({ ids }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.environments() });
      const previous = queryClient.getQueryData<EnvironmentView[]>(queryKeys.environments());
      if (previous !== undefined) {
        const byId = new Map(previous.map((environment) => [environment.id, environment]));
        const reordered = ids.flatMap((id, position) => {
          const environment = byId.get(id);
          return environment === undefined ? [] : [{ ...environment, position }];
        });
        queryClient.setQueryData(queryKeys.environments(), reordered);
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous !== undefined)
        queryClient.setQueryData(queryKeys.environments(), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.environments() }),
  });
}

/** Writes the environments (without secrets) to a file the administrator picks in main's dialog. */
export function useExportEnvironments(): UseMutationResult<ExportReport, unknown, void> {
  const opp = useOpp();
  return useMutation({ mutationFn: () => opp.environments.export() });
}

/** Reads environments from a file the administrator picks; names already present are skipped. */
export function useImportEnvironments(): UseMutationResult<ImportReport, unknown, void> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => opp.environments.import(),
    onSuccess: (report) => {
      if (report.added.length > 0) void queryClient.invalidateQueries({ queryKey: queryKeys.environments() });
    },
  });
}
