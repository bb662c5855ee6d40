import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Tooltip } from 'radix-ui';
import type { ReactElement, ReactNode } from 'react';
import type { StoreApi } from 'zustand';
import type { OppApi } from '../../../shared/ipc/opp-api';
import { ToastProvider } from '../components/toasts';
import { OppProvider } from './opp-context';
import type { UiStore } from './ui-store';
import { UiStoreProvider } from './ui-store-context';

/**
 * Everything a screen needs above it: main's API, the query client, the UI store, tooltips and
 * notifications. The app passes the real API; tests pass a fake and a new QueryClient each.
 */
export function AppProviders({
  api,
  queryClient,
  uiStore,
  children,
}: {
  api: OppApi;
  queryClient: QueryClient;
  uiStore?: StoreApi<UiStore>;
  children: ReactNode;
}): ReactElement {
  return (
    <OppProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <UiStoreProvider store={uiStore}>
          <Tooltip.Provider delayDuration={400}>
            <ToastProvider>{children}</ToastProvider>
          </Tooltip.Provider>
        </UiStoreProvider>
      </QueryClientProvider>
    </OppProvider>
  );
}
