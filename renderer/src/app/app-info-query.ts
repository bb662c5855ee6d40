import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { AppInfo } from '../../../shared/domain/app';
import { useOpp } from './opp-context';
import { queryKeys } from './query-keys';

/** Version, platform and folders of this installation; fetched when first needed, then kept. */
export function useAppInfo({ enabled = true }: { enabled?: boolean } = {}): UseQueryResult<AppInfo> {
  const opp = useOpp();
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: () => opp.app.info(),
    staleTime: Infinity,
    enabled,
  });
}
