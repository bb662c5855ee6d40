import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { BUILT_IN_ROLES } from '../../../../shared/domain/role';
import type { User } from '../../../../shared/domain/user';
import type { UserFilter, UserPage } from '../../../../shared/domain/user-admin';
import { useOnline } from '../../app/connectivity';
import { ErrorMessage } from '../../components/error-message';
import { formatLocalTime } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useNow } from '../../components/use-now';
import { useReturnFocus } from '../../components/use-return-focus';
import { formatCount } from '../audit/audit-words';
import { useRoles } from '../roles/roles-queries';
import { BulkBar } from './bulk-bar';
import { BulkReviewDialog, type BulkRequest } from './bulk-review-dialog';
import { CreateUserDialog } from './create-user-dialog';
import { UserCache } from './user-cache';
import { useUserChanges } from './user-changes';
import { UserPanel } from './user-panel';
import { useUserRows, type RowRange } from './user-rows';
import { useUserSelection } from './user-selection';
import { UserWriteButton, UsersWriteBlock, writeBlockReason } from './user-write-button';
import { VersionConflictDialog } from './version-conflict-dialog';
import { UsersFilterBar } from './users-filter-bar';
import { DEFAULT_USER_FILTER, filterKey, isFiltered, useUsersFilter } from './users-filter';
import { usersKeys } from './users-queries';
import { UsersTable } from './users-table';

function NoMatch({ filter, onClear }: { filter: UserFilter; onClear: () => void }): ReactElement {
  const filtered = isFiltered(filter);
  return (
    <div className="empty-state users-empty">
      <p className="empty-state__title">
        {!filtered
          ? 'There are no users'
          : filter.search !== ''
            ? `No users match “${filter.search}”`
            : 'No users match these filters'}
      </p>
      {filtered && (
        <>
          <p>Try another search, or remove a filter.</p>
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        </>
      )}
    </div>
  );
}

/** Offline (main's copy) or read-only (legacy server): said before anything else. */
function Banners({ head, now }: { head: UserPage | undefined; now: number }): ReactElement | null {
  if (head === undefined) return null;
  if (head.source === 'cache') {
    return (
      <p className="users-banner users-banner--offline" role="status" data-testid="users-offline">
        Offline: showing users as of {formatLocalTime(new Date(head.asOf), new Date(now))}
      </p>
    );
  }
  if (head.note === null) return null;
  return (
    <p className="users-banner" role="note" data-testid="users-note">
      {head.note}
    </p>
  );
}

function TotalLine({ total, filtered }: { total: number; filtered: boolean }): ReactElement {
  const noun = total === 1 ? 'user' : 'users';
  return (
    <p className="users-results__total">
      <span data-testid="users-total" data-value={total}>
        {formatCount(total)}
      </span>{' '}
      {filtered ? `${noun} ${total === 1 ? 'matches' : 'match'}` : noun}
    </p>
  );
}

/** The users of one environment: filters, the list, the open user, and what can be done to them. */
export function UsersScreen({ environment }: { environment: EnvironmentView }): ReactElement {
  const environmentId = environment.id;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [filter, setFilter] = useUsersFilter(environmentId);
  const [range, setRange] = useState<RowRange | null>(null);
  const rows = useUserRows(environmentId, filter, range);
  const online = useOnline(environmentId);
  const now = useNow(30_000);
  const roles = useRoles(environmentId);
  const roleNames = roles.data?.roles.map((role) => role.name) ?? [...BUILT_IN_ROLES];
  const changes = useUserChanges(
    environmentId,
    (name) => roles.data?.roles.find((role) => role.name === name)?.permissions,
  );
  const selection = useUserSelection();
  const [openId, setOpenId] = useState<number | null>(null);
  const [cursor, setCursor] = useState<{ table: string; index: number } | null>(null);
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState<BulkRequest | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  // Where the focus goes when what a dialog was opened from is gone: the list, else the heading.
  const focusList = useCallback(() => {
    const target = gridRef.current ?? mainRef.current?.closest('.area')?.querySelector<HTMLElement>('h1');
    target?.focus();
  }, []);
  const createFocus = useReturnFocus(focusList);
  const bulkFocus = useReturnFocus(focusList);
  const conflictFocus = useReturnFocus(focusList);

  const table = filterKey(rows.shownFilter);
  const cursorIndex = cursor?.table === table ? cursor.index : null;
  const cursorRow = cursorIndex === null ? undefined : rows.rowAt(cursorIndex);
  const cache = new UserCache(queryClient, environmentId);

  const closePanel = (): void => {
    setOpenId(null);
    // The close button goes with the panel: the focus goes back to the list.
    gridRef.current?.focus();
  };

  const onCreated = (user: User): void => {
    queryClient.setQueryData(usersKeys.detail(environmentId, user.id), {
      user,
      source: 'server',
      asOf: new Date().toISOString(),
    });
    cache.refresh({ roles: true });
    setOpenId(user.id);
    toast.show({ title: `${user.username} created.`, tone: 'success' });
  };

  const onDeleted = (user: User): void => {
    setOpenId(null);
    selection.drop([user.id]);
    queryClient.removeQueries({ queryKey: usersKeys.detail(environmentId, user.id) });
    cache.refresh({ roles: true });
    toast.show({ title: `${user.username} deleted.`, tone: 'success' });
  };

  return (
    <UsersWriteBlock reason={writeBlockReason(rows.head, online)}>
      <div className="users-toolbar">
        <UsersFilterBar filter={filter} roles={roleNames} onFilterChange={setFilter} />
        <UserWriteButton
          action="users.write"
          className="button button--primary"
          onClick={() => {
            createFocus.remember();
            setCreating(true);
          }}
        >
          New user
        </UserWriteButton>
      </div>
      <Banners head={rows.head} now={now} />
      <div className="users-results">
        {rows.status === 'ready' && <TotalLine total={rows.total} filtered={isFiltered(rows.shownFilter)} />}
        <BulkBar
          count={selection.users.length}
          onAction={(kind) => {
            bulkFocus.remember();
            setBulk({ kind, users: selection.users });
          }}
          onClear={selection.clear}
        />
      </div>
      {rows.status === 'ready' && rows.error !== null && (
        <ErrorMessage
          error={rows.error}
          title="Some users could not be loaded; those shown may be out of date."
          onRetry={rows.refetch}
        />
      )}
      <div className="users-main" ref={mainRef}>
        {rows.status === 'pending' ? (
          <p className="loading" role="status">
            Loading users…
          </p>
        ) : rows.status === 'error' ? (
          <ErrorMessage error={rows.error} title="The users could not be loaded." onRetry={rows.refetch} />
        ) : (
          <UsersTable
            // A new filter or sort starts at the top.
            key={table}
            rows={rows}
            sort={filter.sort}
            onSort={(sort) => setFilter({ ...filter, sort })}
            cursor={cursorIndex}
            onCursor={(index) => {
              setCursor({ table, index });
              const user = rows.rowAt(index);
              // The panel follows the keyboard once open.
              if (openId !== null && user !== undefined) setOpenId(user.id);
            }}
            onOpen={(user) => setOpenId(user.id)}
            onClose={closePanel}
            selected={selection.ids}
            onToggle={(index, user, range) => selection.toggle(index, user, range, rows.rowAt, table)}
            onSelectVisible={selection.setMany}
            onRange={setRange}
            empty={
              <NoMatch
                filter={rows.shownFilter}
                onClear={() => setFilter({ ...DEFAULT_USER_FILTER, sort: filter.sort })}
              />
            }
            now={now}
            gridRef={gridRef}
          />
        )}
        {openId !== null && (
          <UserPanel
            key={openId}
            environmentId={environmentId}
            userId={openId}
            row={cursorRow?.id === openId ? cursorRow : undefined}
            roles={roles.data}
            roleNames={roleNames}
            now={now}
            changes={changes}
            onClose={closePanel}
            onDeleted={onDeleted}
            focusList={focusList}
          />
        )}
      </div>
      <CreateUserDialog
        environmentId={environmentId}
        roles={roleNames}
        open={creating}
        onOpenChange={setCreating}
        onCreated={onCreated}
        onCloseAutoFocus={createFocus.onCloseAutoFocus}
      />
      <BulkReviewDialog
        environmentId={environmentId}
        request={bulk}
        roles={roleNames}
        onClose={() => setBulk(null)}
        onApplied={selection.drop}
        onCloseAutoFocus={bulkFocus.onCloseAutoFocus}
      />
      <VersionConflictDialog
        conflict={changes.conflict}
        onReapply={changes.reapply}
        onDiscard={changes.discard}
        onOpenAutoFocus={conflictFocus.remember}
        onCloseAutoFocus={conflictFocus.onCloseAutoFocus}
      />
    </UsersWriteBlock>
  );
}
