import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { Settings, SettingsPatch } from '../../../../shared/domain/app';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';

/** The administrator's saved preferences, kept by main. */
export function useSettings(): UseQueryResult<Settings> {
  const opp = useOpp();
  return useQuery({ queryKey: queryKeys.settings(), queryFn: () => opp.settings.get() });
}

/**
 * Saves some preferences. Main validates the patch (answers VALIDATION with field issues) and
 * answers the whole new set, which replaces the cached one.
 */
export function useUpdateSettings(): UseMutationResult<Settings, unknown, SettingsPatch> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => opp.settings.update(patch),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings(), settings),
  });
}
