import type { QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { userEvent, type UserEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import type { StoreApi } from 'zustand';
import { App } from '../app/app';
import { AppProviders } from '../app/app-providers';
import { createQueryClient } from '../app/query-client';
import { createUiStore, type UiState, type UiStore } from '../app/ui-store';
import { createFakeOppApi, type FakeOppApi } from './fake-opp-api';

/** The app's query client, minus retries (a test that waits for backoff only proves it is slow). */
export function createTestQueryClient(): QueryClient {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false },
    mutations: client.getDefaultOptions().mutations,
  });
  return client;
}

export interface RenderedApp extends RenderResult {
  api: FakeOppApi;
  queryClient: QueryClient;
  uiStore: StoreApi<UiStore>;
  user: UserEvent;
}

/** Renders `ui` (the whole app by default) with a fake API, a new QueryClient and a new UI store. */
export function renderWithProviders(
  ui: ReactElement = <App />,
  options: {
    api?: FakeOppApi;
    queryClient?: QueryClient;
    uiState?: Partial<UiState>;
    /** For tests with fake timers: `{ advanceTimers: vi.advanceTimersByTime }`. */
    userOptions?: Parameters<typeof userEvent.setup>[0];
  } = {},
): RenderedApp {
  const api = options.api ?? createFakeOppApi();
  const queryClient = options.queryClient ?? createTestQueryClient();
  const uiStore = createUiStore(options.uiState);
  const user = userEvent.setup(options.userOptions);
  const result = render(
    <AppProviders api={api} queryClient={queryClient} uiStore={uiStore}>
      {ui}
    </AppProviders>,
  );
  return { ...result, api, queryClient, uiStore, user };
}
