import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpp } from './opp-context';
import { invalidationKey, queryKeys } from './query-keys';

/**
 * Main's push events say what changed, never carry data: the matching queries are marked stale
 * and those on screen fetch again. Subscribed while the app is mounted.
 */
export function usePushInvalidation(): void {
  const opp = useOpp();
  const queryClient = useQueryClient();

  useEffect(() => {
    const unsubscribers = [
      opp.events.on('cache.invalidated', ({ environmentId, scope }) => {
        void queryClient.invalidateQueries({ queryKey: invalidationKey(environmentId, scope) });
        if (environmentId === null && scope === 'session') {
          // Sessions in general: every environment's session is stale.
          void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] === 'session' });
        }
        if (environmentId !== null && scope === 'environments') {
          // One environment changed: the list shows it.
          void queryClient.invalidateQueries({ queryKey: queryKeys.environments() });
        }
      }),
      opp.events.on('session.changed', ({ environmentId, reason }) => {
        // A warning that the session will expire changes nothing cached yet.
        if (reason === 'expiring_soon') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.session(environmentId) });
      }),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [opp, queryClient]);
}
