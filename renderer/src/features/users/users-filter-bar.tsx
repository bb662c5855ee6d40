import { useEffect, useEffectEvent, useId, useState, type ReactElement } from 'react';
import type { UserFilter } from '../../../../shared/domain/user-admin';
import { DEFAULT_USER_FILTER, isFiltered } from './users-filter';

/** How long typing pauses before the search is sent: short, the server answers a page fast. */
export const USER_SEARCH_DEBOUNCE_MS = 150;

/** The search box: runs when typing pauses (or on Enter); follows the filter when it changes elsewhere. */
function SearchBox({ text, onSearch }: { text: string; onSearch: (text: string) => void }): ReactElement {
  const inputId = useId();
  const [draft, setDraft] = useState(text);
  const [applied, setApplied] = useState(text);
  // The filter changed elsewhere (Clear filters): show its text.
  if (text !== applied) {
    setApplied(text);
    if (draft.trim() !== text) setDraft(text);
  }
  const search = useEffectEvent((value: string) => onSearch(value));

  useEffect(() => {
    if (draft.trim() === text) return;
    const timer = setTimeout(() => search(draft.trim()), USER_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, text]);

  return (
    <div className="users-search">
      <label className="visually-hidden" htmlFor={inputId}>
        Search users
      </label>
      <input
        id={inputId}
        className="input users-search__input"
        type="search"
        placeholder="Search username, email or name"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && draft.trim() !== text) onSearch(draft.trim());
        }}
      />
    </div>
  );
}

/** Search, role, status and locked-only: each change is a new server-side query. */
export function UsersFilterBar({
  filter,
  roles,
  onFilterChange,
}: {
  filter: UserFilter;
  /** The role names to filter by. */
  roles: readonly string[];
  onFilterChange: (filter: UserFilter) => void;
}): ReactElement {
  const roleId = useId();
  const activeId = useId();
  const roleChoices = filter.role === null || roles.includes(filter.role) ? roles : [...roles, filter.role];
  return (
    <div className="users-filters" role="search" aria-label="Filter users">
      <SearchBox text={filter.search} onSearch={(search) => onFilterChange({ ...filter, search })} />
      <div className="users-filters__field">
        <label className="field__label" htmlFor={roleId}>
          Role
        </label>
        <select
          id={roleId}
          className="input"
          value={filter.role ?? ''}
          onChange={(event) =>
            onFilterChange({ ...filter, role: event.target.value === '' ? null : event.target.value })
          }
        >
          <option value="">All roles</option>
          {roleChoices.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </div>
      <div className="users-filters__field">
        <label className="field__label" htmlFor={activeId}>
          Status
        </label>
        <select
          id={activeId}
          className="input"
          value={filter.active}
          onChange={(event) =>
            onFilterChange({ ...filter, active: event.target.value as UserFilter['active'] })
          }
        >
          <option value="any">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filter.lockedOnly}
          onChange={(event) => onFilterChange({ ...filter, lockedOnly: event.target.checked })}
        />
        Locked only
      </label>
      {isFiltered(filter) && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => onFilterChange({ ...DEFAULT_USER_FILTER, sort: filter.sort })}
        >
          Clear all filters
        </button>
      )}
    </div>
  );
}
