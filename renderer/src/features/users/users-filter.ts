import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { UserFilter, UserSort } from '../../../../shared/domain/user-admin';

export const DEFAULT_USER_FILTER: UserFilter = {
  search: '',
  role: null,
  active: 'any',
  lockedOnly: false,
  sort: 'username',
};

/** Every field, in one order: the filter is part of query keys and is compared by its key. */
export function normalizeFilter(filter: Partial<UserFilter>): UserFilter {
  const full = { ...DEFAULT_USER_FILTER, ...filter };
  return {
    search: full.search.trim(),
    role: full.role,
    active: full.active,
    lockedOnly: full.lockedOnly,
    sort: full.sort,
  };
}

export function filterKey(filter: UserFilter): string {
  return JSON.stringify(normalizeFilter(filter));
}

/** Whether anything narrows the list (the sort does not). */
export function isFiltered(filter: UserFilter): boolean {
  return filter.search !== '' || filter.role !== null || filter.active !== 'any' || filter.lockedOnly;
}

/** The sortable columns and their sorts; dates start newest first, names A to Z. */
export const SORTABLE = {
  username: { ascending: 'username', descending: '-username', first: 'username' },
  last_login: { ascending: 'last_login', descending: '-last_login', first: '-last_login' },
  created_at: { ascending: 'created_at', descending: '-created_at', first: '-created_at' },
} as const satisfies Record<string, { ascending: UserSort; descending: UserSort; first: UserSort }>;
export type SortColumn = keyof typeof SORTABLE;

export function sortDirection(sort: UserSort, column: SortColumn): 'ascending' | 'descending' | null {
  if (sort === SORTABLE[column].ascending) return 'ascending';
  if (sort === SORTABLE[column].descending) return 'descending';
  return null;
}

/** A click on a column header: its first direction, or the other one when already sorted by it. */
export function nextSort(sort: UserSort, column: SortColumn): UserSort {
  const direction = sortDirection(sort, column);
  if (direction === null) return SORTABLE[column].first;
  return direction === 'ascending' ? SORTABLE[column].descending : SORTABLE[column].ascending;
}

interface UsersUiState {
  filters: Readonly<Record<EnvironmentId, UserFilter>>;
}

/** The users filter per environment: UI state, kept while another area is open. */
export const usersUiStore = createStore<UsersUiState>()(() => ({ filters: {} }));

export function useUsersFilter(environmentId: EnvironmentId): [UserFilter, (filter: UserFilter) => void] {
  const filter = useStore(usersUiStore, (state) => state.filters[environmentId]) ?? DEFAULT_USER_FILTER;
  const setFilter = (next: UserFilter): void =>
    usersUiStore.setState((state) => ({
      filters: { ...state.filters, [environmentId]: normalizeFilter(next) },
    }));
  return [filter, setFilter];
}

/** For tests: every environment back to the default filter. */
export function resetUsersUi(): void {
  usersUiStore.setState({ filters: {} });
}
