import { createContext, useContext, useState, type ReactElement, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { createUiStore, type UiStore } from './ui-store';

const UiStoreContext = createContext<StoreApi<UiStore> | null>(null);

/** Provides the UI store; without `store` it makes a fresh one, so each test starts clean. */
export function UiStoreProvider({
  store,
  children,
}: {
  store?: StoreApi<UiStore>;
  children: ReactNode;
}): ReactElement {
  const [value] = useState(() => store ?? createUiStore());
  return <UiStoreContext value={value}>{children}</UiStoreContext>;
}

function useUiStoreApi(): StoreApi<UiStore> {
  const store = useContext(UiStoreContext);
  if (store === null) throw new Error('useUiStore() needs a <UiStoreProvider> above it.');
  return store;
}

/** Reads a slice of UI state (re-renders only when that slice changes), e.g. `useUiStore((s) => s.area)`. */
export function useUiStore<T>(selector: (state: UiStore) => T): T {
  return useStore(useUiStoreApi(), selector);
}
