import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EnvironmentId } from '../../../shared/domain/environment';
import type { ThemePreference } from '../../../shared/domain/app';
import type { AuditFilter } from '../../../shared/domain/audit-query';
import type { AreaId } from './areas';

/** What the audit area shows of an environment's copy: its filter and order. */
export interface AuditView {
  filter: AuditFilter;
  order: 'newest' | 'oldest';
}

export const DEFAULT_AUDIT_VIEW: AuditView = { filter: {}, order: 'newest' };

/** UI state only: server data lives in react-query, never here. */
export interface UiState {
  area: AreaId;
  /** The environment the areas work on; null until the environments feature lets one be chosen. */
  selectedEnvironmentId: EnvironmentId | null;
  /** The preference now applied to <html>; main keeps the saved one (settings). */
  themePreference: ThemePreference;
  sidebarCollapsed: boolean;
  aboutOpen: boolean;
  /** The audit area's filter and order per environment, kept while other areas are open. */
  auditViews: Readonly<Record<EnvironmentId, AuditView>>;
}

export interface UiActions {
  showArea: (area: AreaId) => void;
  selectEnvironment: (id: EnvironmentId | null) => void;
  setThemePreference: (preference: ThemePreference) => void;
  toggleSidebar: () => void;
  setAboutOpen: (open: boolean) => void;
  setAuditView: (environmentId: EnvironmentId, view: AuditView) => void;
}

export type UiStore = UiState & UiActions;

export const INITIAL_UI_STATE: UiState = {
  area: 'environments',
  selectedEnvironmentId: null,
  themePreference: 'system',
  sidebarCollapsed: false,
  aboutOpen: false,
  auditViews: {},
};

/** One store per app (and per test), handed down by `UiStoreProvider`. */
export function createUiStore(initial: Partial<UiState> = {}): StoreApi<UiStore> {
  return createStore<UiStore>()((set) => ({
    ...INITIAL_UI_STATE,
    ...initial,
    showArea: (area) => set({ area }),
    selectEnvironment: (selectedEnvironmentId) => set({ selectedEnvironmentId }),
    setThemePreference: (themePreference) => set({ themePreference }),
    toggleSidebar: () => set((state) => ({ sidebarCollapsed: !state.sidebarCollapsed })),
    setAboutOpen: (aboutOpen) => set({ aboutOpen }),
    setAuditView: (environmentId, view) =>
      set((state) => ({ auditViews: { ...state.auditViews, [environmentId]: view } })),
  }));
}
