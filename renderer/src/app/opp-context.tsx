import { createContext, useContext, type ReactElement, type ReactNode } from 'react';
import type { OppApi } from '../../../shared/ipc/opp-api';

const OppContext = createContext<OppApi | null>(null);

/**
 * Gives components the unwrapped API (`createOppApi(window.opp)` in the app, a fake in tests).
 * Components never touch `window.opp` directly, so every screen can be tested without a bridge.
 */
export function OppProvider({ api, children }: { api: OppApi; children: ReactNode }): ReactElement {
  return <OppContext value={api}>{children}</OppContext>;
}

/** The API of main: calls answer data or throw `OppError` with a stable code. */
export function useOpp(): OppApi {
  const api = useContext(OppContext);
  if (api === null) throw new Error('useOpp() needs an <OppProvider> above it.');
  return api;
}
