import { useId, type ReactElement } from 'react';
import type { AuditFilter, AuditRow, AuditStatus } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { ReasonButton } from '../../components/guarded-button';
import { Icon } from '../../components/icons';
import { formatTimeAgo } from '../../components/time-words';
import { OutcomeLabel, resourceText } from './audit-cells';
import { normalizeFilter, withAction, withUsername } from './audit-filter';
import { useAuditEvent } from './audit-queries';
import { CHAIN_MARK_TITLES, CHAIN_MARK_WORDS, breakFor, formatEventTime } from './audit-words';

function ChainNote({ row, status }: { row: AuditRow; status: AuditStatus | undefined }): ReactElement {
  const why = row.chain === 'broken' ? breakFor(status, row.id) : undefined;
  return (
    <div className={`audit-detail__chain audit-detail__chain--${row.chain}`} data-testid="audit-event-chain">
      <p className="audit-detail__chain-title">
        <Icon name={row.chain === 'broken' ? 'warning' : row.chain === 'verified' ? 'check' : 'clock'} />
        {CHAIN_MARK_TITLES[row.chain]}
      </p>
      <p>{CHAIN_MARK_WORDS[row.chain]}</p>
      {why !== undefined && (
        <p>
          {why.id === row.id ? 'Why: ' : `The chain breaks at event ${why.id}: `}
          {why.reason}
        </p>
      )}
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactElement | string }): ReactElement {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * One event, every field of it: the details as formatted JSON (text in a <pre>, never HTML),
 * its chain mark with the reason when it fails, and links that narrow the filter to its user,
 * action or address.
 */
export function AuditDetail({
  environmentId,
  eventId,
  row,
  status,
  filter,
  now,
  onFilter,
  onClose,
}: {
  environmentId: EnvironmentId;
  eventId: number;
  /** The row from the table, shown while the event is asked for. */
  row: AuditRow | undefined;
  status: AuditStatus | undefined;
  filter: AuditFilter;
  now: number;
  onFilter: (filter: AuditFilter) => void;
  onClose: () => void;
}): ReactElement {
  const headingId = useId();
  const event = useAuditEvent(environmentId, eventId, row);
  const data = event.data;

  return (
    <aside className="audit-detail" aria-label={`Event ${eventId}`}>
      <div className="audit-detail__header">
        <h2 className="audit-detail__title" id={headingId}>
          Event {eventId}
        </h2>
        <button type="button" className="dialog__close" aria-label="Close event details" onClick={onClose}>
          ×
        </button>
      </div>
      {event.isPending && (
        <p className="loading" role="status">
          Loading the event…
        </p>
      )}
      {event.isError && (
        <ErrorMessage
          error={event.error}
          title="The event could not be read."
          onRetry={() => void event.refetch()}
        />
      )}
      {data === null && (
        <p className="audit-detail__missing">
          The copy on this computer does not hold this event: it may be older than the horizon, or not copied
          yet.
        </p>
      )}
      {data !== undefined && data !== null && (
        <>
          <ChainNote row={data} status={status} />
          <dl className="facts audit-detail__facts">
            <Fact term="Time">
              <>
                {formatEventTime(data.timestamp)}{' '}
                <span className="audit-cell__muted">
                  ({formatTimeAgo(new Date(data.timestamp), new Date(now))})
                </span>
                <br />
                <code>{data.timestamp}</code>
              </>
            </Fact>
            <Fact term="User">
              {data.username === null
                ? 'Unknown user'
                : `${data.username}${data.user_id === null ? '' : ` (id ${data.user_id})`}`}
            </Fact>
            <Fact term="Action">
              <code>{data.action}</code>
            </Fact>
            <Fact term="Resource">{resourceText(data)}</Fact>
            <Fact term="Outcome">
              <OutcomeLabel outcome={data.outcome} />
            </Fact>
            <Fact term="IP address">{data.ip_address ?? '—'}</Fact>
            <Fact term="User agent">{data.user_agent ?? '—'}</Fact>
            <Fact term="Session">{data.session_id ?? '—'}</Fact>
            <Fact term="Hash">
              <code className="path">{data.hash ?? '—'}</code>
            </Fact>
            <Fact term="Previous hash">
              <code className="path">{data.prev_hash ?? '—'}</code>
            </Fact>
          </dl>
          <h3 className="audit-detail__subheading">Details</h3>
          <pre className="audit-detail__json" data-testid="audit-event-details">
            {data.details === null ? 'No details.' : JSON.stringify(data.details, null, 2)}
          </pre>
          <div className="audit-detail__links">
            <ReasonButton
              className="button"
              disabledReason={data.username === null ? 'This event names no known user.' : null}
              onClick={() => data.username !== null && onFilter(withUsername(filter, data.username))}
            >
              Filter by this user
            </ReasonButton>
            <ReasonButton
              className="button"
              disabledReason={null}
              onClick={() => onFilter(withAction(filter, data.action))}
            >
              Filter by this action
            </ReasonButton>
            <ReasonButton
              className="button"
              disabledReason={data.ip_address === null ? 'This event has no IP address.' : null}
              onClick={() =>
                data.ip_address !== null &&
                onFilter(normalizeFilter({ ...filter, ipPrefix: data.ip_address }))
              }
            >
              Filter by this IP
            </ReasonButton>
          </div>
        </>
      )}
    </aside>
  );
}
