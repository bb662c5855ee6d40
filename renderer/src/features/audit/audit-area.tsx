import { RadioGroup } from 'radix-ui';
import { useCallback, useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { AuditFilter, AuditStatus } from '../../../../shared/domain/audit-query';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Session } from '../../../../shared/domain/session';
import { useActiveEnvironment } from '../../app/active-environment';
import { useOnline } from '../../app/connectivity';
import { DEFAULT_AUDIT_VIEW, type AuditView } from '../../app/ui-store';
import { useUiStore } from '../../app/ui-store-context';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { useNow } from '../../components/use-now';
import { useEnvironments } from '../environments/environment-queries';
import { clearPendingAuditEvent, usePendingAuditEvent } from '../health/audit-event-link';
import { SignInDialog } from '../session/sign-in-dialog';
import { AuditDetail } from './audit-detail';
import { AuditExport } from './audit-export';
import { AuditFilterBar } from './audit-filter-bar';
import { isEmptyFilter, normalizeFilter, withRange } from './audit-filter';
import { AuditHistogram } from './audit-histogram';
import { useAuditRows, useAuditStatus } from './audit-queries';
import { AuditStatusStrip } from './audit-status-strip';
import { AuditTable } from './audit-table';
import type { AuditWindows } from './audit-windows';
import { formatCount } from './audit-words';
import { SavedQueries } from './saved-queries';
import { useSyncProgress, type SyncProgress } from './use-sync-progress';

function NoEnvironment(): ReactElement {
  const showArea = useUiStore((state) => state.showArea);
  return (
    <div className="empty-state">
      <p className="empty-state__title">No environment chosen</p>
      <p>
        Add the OPP deployment you administer and sign in: its audit log is then copied to this computer,
        where it stays readable, searchable and verifiable offline.
      </p>
      <button type="button" className="button button--primary" onClick={() => showArea('environments')}>
        Open Environments
      </button>
    </div>
  );
}

/** The environment's log has never been copied: say what to do. */
function NotCopied({
  environment,
  session,
  progress,
}: {
  environment: EnvironmentView;
  session: Session | null;
  progress: SyncProgress;
}): ReactElement {
  const [signingIn, setSigningIn] = useState(false);
  return (
    <div className="empty-state">
      <p className="empty-state__title">The audit log of {environment.name} is not on this computer yet</p>
      <p>
        {session === null
          ? 'Sign in to this environment to copy its audit log.'
          : progress.sync !== null
            ? 'It is being copied now.'
            : 'Use “Sync now” to copy it.'}{' '}
        Once copied, it stays readable here offline: filter, search, verify and export it without the server.
      </p>
      {session === null && (
        <>
          <button type="button" className="button button--primary" onClick={() => setSigningIn(true)}>
            Sign in to {environment.name}
          </button>
          <SignInDialog environment={environment} open={signingIn} onOpenChange={setSigningIn} />
        </>
      )}
    </div>
  );
}

function NoMatch({ filtered, onClear }: { filtered: boolean; onClear: () => void }): ReactElement {
  return (
    <div className="empty-state audit-empty">
      <p className="empty-state__title">{filtered ? 'No events match' : 'The copy holds no events yet'}</p>
      {filtered ? (
        <>
          <p>Nothing in the copy matches this filter. Widen the time range or remove a filter.</p>
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        </>
      ) : (
        <p>New events appear here as they are copied.</p>
      )}
    </div>
  );
}

function OrderSwitch({
  order,
  onChange,
}: {
  order: AuditView['order'];
  onChange: (order: AuditView['order']) => void;
}): ReactElement {
  const labelId = useId();
  return (
    <div className="audit-order">
      <span className="visually-hidden" id={labelId}>
        Order
      </span>
      <RadioGroup.Root
        className="segmented"
        aria-labelledby={labelId}
        orientation="horizontal"
        value={order}
        onValueChange={(value) => onChange(value === 'oldest' ? 'oldest' : 'newest')}
      >
        <RadioGroup.Item value="newest" className="segmented__item">
          Newest first
        </RadioGroup.Item>
        <RadioGroup.Item value="oldest" className="segmented__item">
          Oldest first
        </RadioGroup.Item>
      </RadioGroup.Root>
    </div>
  );
}

/** Filters, histogram, the table and the detail of one environment's copy. */
function AuditBrowser({
  environment,
  status,
  view,
  onView,
  openId,
  onOpenId,
  now,
}: {
  environment: EnvironmentView;
  status: AuditStatus;
  view: AuditView;
  onView: (view: AuditView) => void;
  openId: number | null;
  onOpenId: (id: number | null) => void;
  now: number;
}): ReactElement {
  const result = useAuditRows(environment.id, view.filter, view.order);
  const rows = result.data?.rows;
  const [selection, setSelection] = useState<{ rows: AuditWindows; index: number } | null>(null);
  const selected = rows !== undefined && selection?.rows === rows ? selection.index : null;
  const total = rows?.total ?? 0;
  const filtered = !isEmptyFilter(view.filter);
  const setFilter = useCallback(
    (filter: AuditFilter): void => onView({ ...view, filter: normalizeFilter(filter) }),
    [view, onView],
  );
  const narrowTo = useCallback(
    ({ from, to }: { from: string; to: string }) => setFilter(withRange(view.filter, from, to)),
    [setFilter, view.filter],
  );
  const openRow =
    openId === null || rows === undefined || selected === null ? undefined : rows.rowAt(selected);
  const gridRef = useRef<HTMLDivElement>(null);
  const closeDetail = (): void => {
    onOpenId(null);
    // The close button goes with the panel: the focus goes back to the table.
    gridRef.current?.focus();
  };

  return (
    <>
      <AuditFilterBar filter={view.filter} onFilterChange={setFilter} />
      <AuditHistogram environmentId={environment.id} filter={view.filter} onRange={narrowTo} />
      <div className="audit-results">
        <p className="audit-results__total">
          <span data-testid="audit-total" data-value={rows?.total ?? undefined}>
            {rows?.total === null || rows === undefined ? '…' : formatCount(total)}
          </span>{' '}
          {total === 1 ? 'event' : 'events'}
          {filtered ? ' match' : ''}
        </p>
        <OrderSwitch order={view.order} onChange={(order) => onView({ ...view, order })} />
        <span className="button-row__spacer" />
        <SavedQueries environmentId={environment.id} filter={view.filter} onApply={setFilter} />
        <AuditExport environmentId={environment.id} filter={view.filter} total={total} />
      </div>
      {result.isError && !result.isPlaceholderData && rows !== undefined && (
        <ErrorMessage
          error={result.error}
          title="The events could not be read again; those shown may be out of date."
          onRetry={() => void result.refetch()}
        />
      )}
      <div className="audit-main">
        {result.isPending ? (
          <p className="loading" role="status">
            Loading events…
          </p>
        ) : result.isError && (rows === undefined || result.isPlaceholderData) ? (
          // The rows on screen would be those of the previous filter: not shown under this one.
          <ErrorMessage
            error={result.error}
            title="The events could not be read from the copy."
            onRetry={() => void result.refetch()}
          />
        ) : rows !== undefined ? (
          <AuditTable
            // A new filter or order starts at the top.
            key={`${JSON.stringify(rows.filter)}|${rows.order}`}
            rows={rows}
            order={view.order}
            stale={result.isPlaceholderData}
            selected={selected}
            onSelect={(index) => {
              setSelection({ rows, index });
              if (openId !== null) onOpenId(rows.rowAt(index)?.id ?? openId);
            }}
            onOpen={(index) => onOpenId(rows.rowAt(index)?.id ?? null)}
            onClose={() => onOpenId(null)}
            empty={<NoMatch filtered={filtered} onClear={() => setFilter({})} />}
            now={now}
            gridRef={gridRef}
          />
        ) : null}
        {openId !== null && (
          <AuditDetail
            environmentId={environment.id}
            eventId={openId}
            row={openRow?.id === openId ? openRow : undefined}
            status={status}
            filter={view.filter}
            now={now}
            onFilter={setFilter}
            onClose={closeDetail}
          />
        )}
      </div>
    </>
  );
}

/** The audit screen of the active environment. */
function AuditScreen({
  environment,
  session,
}: {
  environment: EnvironmentView;
  session: Session | null;
}): ReactElement {
  const status = useAuditStatus(environment.id);
  const online = useOnline(environment.id);
  const progress = useSyncProgress(environment.id);
  const now = useNow(30_000);
  const view = useUiStore((state) => state.auditViews[environment.id]) ?? DEFAULT_AUDIT_VIEW;
  const setAuditView = useUiStore((state) => state.setAuditView);
  const onView = useCallback(
    (next: AuditView) => setAuditView(environment.id, next),
    [environment.id, setAuditView],
  );
  const [openId, setOpenId] = useState<number | null>(null);

  // An event another area asked to show (a marker on a health chart).
  const pending = usePendingAuditEvent();
  const pendingHere = pending !== null && pending.environmentId === environment.id ? pending.eventId : null;
  if (pendingHere !== null && openId !== pendingHere) setOpenId(pendingHere);
  useEffect(() => {
    if (pendingHere !== null) clearPendingAuditEvent();
  }, [pendingHere]);

  if (status.isPending) {
    return (
      <p className="loading" role="status">
        Loading the audit copy…
      </p>
    );
  }
  if (status.isError) {
    return (
      <ErrorMessage
        error={status.error}
        title="The audit copy could not be read."
        onRetry={() => void status.refetch()}
      />
    );
  }
  const copy = status.data;
  const neverCopied = copy.mode === null && copy.eventsHeld === 0 && copy.lastSyncAt === null;

  return (
    <>
      <AuditStatusStrip
        environment={environment}
        status={copy}
        session={session}
        online={online}
        progress={progress}
        now={now}
        onShowBreaks={(since) =>
          onView({ filter: withRange(view.filter, since, undefined), order: 'oldest' })
        }
        onOpenEvent={setOpenId}
      />
      {neverCopied ? (
        <NotCopied environment={environment} session={session} progress={progress} />
      ) : (
        <AuditBrowser
          environment={environment}
          status={copy}
          view={view}
          onView={onView}
          openId={openId}
          onOpenId={setOpenId}
          now={now}
        />
      )}
    </>
  );
}

/** Audit: the environment's log, copied to this computer, searched and verified online or offline. */
export function AuditArea(): ReactElement {
  const { environment, session } = useActiveEnvironment();
  const environments = useEnvironments();
  return (
    <div className="area area--audit">
      <AreaHeading>Audit</AreaHeading>
      {environment !== null ? (
        <AuditScreen key={environment.id} environment={environment} session={session} />
      ) : environments.isPending ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : (
        <NoEnvironment />
      )}
    </div>
  );
}
