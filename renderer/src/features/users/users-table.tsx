import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react';
import type { User } from '../../../../shared/domain/user';
import type { UserSort } from '../../../../shared/domain/user-admin';
import { Icon } from '../../components/icons';
import { formatDay, formatTableTime } from '../audit/audit-words';
import type { RowRange, UserRows } from './user-rows';
import { userStatus } from './user-words';
import { nextSort, sortDirection, type SortColumn } from './users-filter';

/** Every row is this tall (CSS agrees): fixed heights let 10,000 rows be placed without measuring. */
export const USER_ROW_HEIGHT = 36;
const OVERSCAN = 10;
const COLUMNS = 7;

const Row = memo(function Row({
  user,
  index,
  rowId,
  active,
  checked,
  now,
  onToggle,
}: {
  user: User | undefined;
  index: number;
  rowId: string;
  active: boolean;
  checked: boolean;
  now: number;
  onToggle: (index: number, user: User, range: boolean) => void;
}): ReactElement {
  if (user === undefined) {
    return (
      <div role="row" aria-rowindex={index + 2} data-index={index} className="users-row users-row--loading">
        <div role="gridcell" aria-colspan={COLUMNS} className="users-cell">
          <span className="users-row__shimmer" aria-hidden="true" />
          <span className="visually-hidden">Loading</span>
        </div>
      </div>
    );
  }
  const status = userStatus(user, now);
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={index + 2}
      aria-selected={checked}
      data-index={index}
      data-user-id={user.id}
      data-active={active || undefined}
      className="users-row"
    >
      <div role="gridcell" className="users-cell users-cell--check">
        <input
          type="checkbox"
          // One tab stop for the grid: Space on the active row selects it.
          tabIndex={-1}
          aria-label={`Select ${user.username}`}
          checked={checked}
          onChange={() => {}}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(index, user, event.shiftKey);
          }}
        />
      </div>
      <div role="gridcell" className="users-cell">
        <span className="users-cell__username">{user.username}</span>
        {user.full_name !== null && user.full_name !== '' && (
          <span className="users-cell__muted"> {user.full_name}</span>
        )}
      </div>
      <div role="gridcell" className="users-cell">
        {user.email}
      </div>
      <div role="gridcell" className="users-cell">
        {user.role}
      </div>
      <div role="gridcell" className="users-cell">
        <span className={`user-status user-status--${status.kind}`}>{status.words}</span>
      </div>
      <div role="gridcell" className="users-cell users-cell--time">
        {user.last_login === null ? (
          <span className="users-cell__muted">Never</span>
        ) : (
          formatTableTime(user.last_login)
        )}
      </div>
      <div role="gridcell" className="users-cell users-cell--time">
        {formatDay(user.created_at)}
      </div>
    </div>
  );
});

function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: SortColumn;
  label: string;
  sort: UserSort;
  onSort: (sort: UserSort) => void;
}): ReactElement {
  const direction = sortDirection(sort, column);
  return (
    <div role="columnheader" aria-sort={direction ?? undefined}>
      <button type="button" className="users-sort" onClick={() => onSort(nextSort(sort, column))}>
        {label}
        {direction !== null && <Icon name={direction === 'ascending' ? 'up' : 'down'} />}
      </button>
    </div>
  );
}

function SelectVisible({
  visible,
  selected,
  onSelect,
}: {
  visible: User[];
  selected: ReadonlySet<number>;
  onSelect: (users: User[], on: boolean) => void;
}): ReactElement {
  const ref = useRef<HTMLInputElement>(null);
  const count = visible.filter((user) => selected.has(user.id)).length;
  const all = visible.length > 0 && count === visible.length;
  useEffect(() => {
    if (ref.current !== null) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <div role="columnheader" className="users-cell--check">
      <input
        ref={ref}
        type="checkbox"
        aria-label="Select all visible users"
        checked={all}
        disabled={visible.length === 0}
        onChange={() => onSelect(visible, !all)}
      />
    </div>
  );
}

export interface UsersTableProps {
  rows: UserRows;
  sort: UserSort;
  onSort: (sort: UserSort) => void;
  /** The row the keyboard is on (index in this table), or null. */
  cursor: number | null;
  onCursor: (index: number) => void;
  onOpen: (user: User) => void;
  onClose: () => void;
  selected: ReadonlySet<number>;
  onToggle: (index: number, user: User, range: boolean) => void;
  onSelectVisible: (users: User[], on: boolean) => void;
  onRange: (range: RowRange) => void;
  /** Shown in place of rows when none match. */
  empty: ReactNode;
  now: number;
  gridRef?: Ref<HTMLDivElement>;
}

/**
 * The users as a virtualized grid: only the rows in view (and a few around) are in the DOM, in
 * one block moved with a transform; the scroll area is sized from the total, so the scroll bar
 * is honest. The rows in view are reported up, and their pages fetched. Arrows move, Enter
 * opens, Space selects (aria-selected is the bulk selection; the active row is the descendant).
 */
export function UsersTable({
  rows,
  sort,
  onSort,
  cursor,
  onCursor,
  onOpen,
  onClose,
  selected,
  onToggle,
  onSelectVisible,
  onRange,
  empty,
  now,
  gridRef,
}: UsersTableProps): ReactElement {
  const gridId = useId();
  const hintId = useId();
  const [viewport, setViewport] = useState<HTMLDivElement | null>(null);
  const total = rows.total;
  const key = JSON.stringify(rows.shownFilter);

  // The virtualizer is a mutable object by design: the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => viewport,
    estimateSize: () => USER_ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRange({ filterKey: key, first, last });
  }, [onRange, key, first, last]);

  const range = virtualizer.range;
  const visible: User[] = [];
  if (range !== null) {
    for (let index = range.startIndex; index <= range.endIndex; index++) {
      const user = rows.rowAt(index);
      if (user !== undefined) visible.push(user);
    }
  }

  const move = (index: number): void => {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    onCursor(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(
      1,
      Math.floor((viewport?.clientHeight ?? USER_ROW_HEIGHT * 10) / USER_ROW_HEIGHT) - 1,
    );
    const current = cursor ?? range?.startIndex ?? 0;
    const user = cursor === null ? undefined : rows.rowAt(cursor);
    switch (event.key) {
      case 'ArrowDown':
        move(cursor === null ? current : current + 1);
        break;
      case 'ArrowUp':
        move(cursor === null ? current : current - 1);
        break;
      case 'PageDown':
        move(current + page);
        break;
      case 'PageUp':
        move(current - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(total - 1);
        break;
      case 'Enter':
        if (user === undefined) return;
        onOpen(user);
        break;
      case ' ':
        if (user === undefined || cursor === null) return;
        onToggle(cursor, user, event.shiftKey);
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-user-id]');
    const index = Number(row?.dataset['index']);
    const user = Number.isInteger(index) ? rows.rowAt(index) : undefined;
    if (user === undefined) return;
    onCursor(index);
    onOpen(user);
  };

  const rowId = (index: number): string => `${gridId}-row-${index}`;
  // Keyed by user, so a row that moves keeps its element; a user met twice (pages fetched
  // either side of a change) is keyed by place the second time.
  const keys = new Set<number>();
  const cursorShown =
    cursor !== null && cursor >= first && cursor <= last && rows.rowAt(cursor) !== undefined;

  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label="Users"
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS}
      aria-multiselectable="true"
      aria-busy={rows.stale || undefined}
      aria-activedescendant={cursorShown ? rowId(cursor) : undefined}
      aria-describedby={hintId}
      tabIndex={0}
      className={rows.stale ? 'users-grid users-grid--stale' : 'users-grid'}
      onKeyDown={onKeyDown}
    >
      <span id={hintId} className="visually-hidden">
        Arrow keys move between users, Enter opens one, Space selects it.
      </span>
      <div role="rowgroup" className="users-grid__head">
        <div role="row" aria-rowindex={1} className="users-row users-row--head">
          <SelectVisible visible={visible} selected={selected} onSelect={onSelectVisible} />
          <SortHeader column="username" label="Name" sort={sort} onSort={onSort} />
          <div role="columnheader">Email</div>
          <div role="columnheader">Role</div>
          <div role="columnheader">Status</div>
          <SortHeader column="last_login" label="Last sign-in" sort={sort} onSort={onSort} />
          <SortHeader column="created_at" label="Created" sort={sort} onSort={onSort} />
        </div>
      </div>
      <div role="rowgroup" className="users-grid__viewport" ref={setViewport} data-scroll-viewport="">
        {total === 0 ? (
          <div className="users-grid__empty">{empty}</div>
        ) : (
          <div className="users-grid__spacer" style={{ height: virtualizer.getTotalSize() }}>
            <div
              className="users-grid__block"
              style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}
              onClick={onClick}
            >
              {items.map((item) => {
                const user = rows.rowAt(item.index);
                const rowKey = user === undefined || keys.has(user.id) ? `index-${item.index}` : user.id;
                if (user !== undefined) keys.add(user.id);
                return (
                  <Row
                    key={rowKey}
                    user={user}
                    index={item.index}
                    rowId={rowId(item.index)}
                    active={item.index === cursor}
                    checked={user !== undefined && selected.has(user.id)}
                    now={now}
                    onToggle={onToggle}
                  />
                );
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
