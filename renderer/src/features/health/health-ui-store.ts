import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RefreshId, TimeRange } from './health-time';

export const HEALTH_TABS = ['overview', 'charts', 'explorer', 'alerts'] as const;
export type HealthTab = (typeof HEALTH_TABS)[number];

/** The audit actions the charts can mark, grouped as an administrator thinks of them. */
export const MARKER_KINDS = [
  { id: 'roles', label: 'Role changes', actions: ['role_created', 'role_updated', 'role_deleted'] },
  { id: 'deactivations', label: 'Deactivations', actions: ['user_deactivated'] },
  { id: 'password_resets', label: 'Password resets', actions: ['password_reset'] },
  { id: 'lockouts', label: 'Lockouts', actions: ['account_locked'] },
] as const;
export type MarkerKindId = (typeof MARKER_KINDS)[number]['id'];

/** The audit actions of the chosen kinds, in a stable order (they end up in a query key). */
export function markerActions(kinds: readonly MarkerKindId[]): string[] {
  return MARKER_KINDS.filter((kind) => kinds.includes(kind.id)).flatMap((kind) => [...kind.actions]);
}

/** How the Health area is set up: UI state only, kept while the console runs. */
export interface HealthUiState {
  tab: HealthTab;
  range: TimeRange;
  refresh: RefreshId;
  markersShown: boolean;
  markerKinds: MarkerKindId[];
  /** What is typed in the explorer, and the query last run (drawn). */
  explorerDraft: string;
  explorerQuery: string | null;
}

export interface HealthUiActions {
  setTab: (tab: HealthTab) => void;
  setRange: (range: TimeRange) => void;
  setRefresh: (refresh: RefreshId) => void;
  setMarkersShown: (shown: boolean) => void;
  toggleMarkerKind: (kind: MarkerKindId, on: boolean) => void;
  setExplorerDraft: (draft: string) => void;
  runExplorerQuery: (query: string) => void;
}

export type HealthUiStore = HealthUiState & HealthUiActions;

export const INITIAL_HEALTH_UI: HealthUiState = {
  tab: 'overview',
  range: { kind: 'preset', preset: '1h' },
  refresh: '30s',
  markersShown: true,
  markerKinds: MARKER_KINDS.map((kind) => kind.id),
  explorerDraft: '',
  explorerQuery: null,
};

export function createHealthUiStore(initial: Partial<HealthUiState> = {}): StoreApi<HealthUiStore> {
  return createStore<HealthUiStore>()((set) => ({
    ...INITIAL_HEALTH_UI,
    ...initial,
    setTab: (tab) => set({ tab }),
    setRange: (range) => set({ range }),
    setRefresh: (refresh) => set({ refresh }),
    setMarkersShown: (markersShown) => set({ markersShown }),
    toggleMarkerKind: (kind, on) =>
      set((state) => ({
        markerKinds: on
          ? MARKER_KINDS.map((k) => k.id).filter((id) => id === kind || state.markerKinds.includes(id))
          : state.markerKinds.filter((id) => id !== kind),
      })),
    setExplorerDraft: (explorerDraft) => set({ explorerDraft }),
    runExplorerQuery: (query) => set({ explorerQuery: query, explorerDraft: query }),
  }));
}

/**
 * One store for the Health area's settings, so the range and refresh survive a visit to another
 * area. Tests start each case with `resetHealthUi()`.
 */
export const healthUiStore = createHealthUiStore();

export function useHealthUi<T>(selector: (state: HealthUiStore) => T): T {
  return useStore(healthUiStore, selector);
}

export function resetHealthUi(initial: Partial<HealthUiState> = {}): void {
  healthUiStore.setState({ ...INITIAL_HEALTH_UI, ...initial });
}
