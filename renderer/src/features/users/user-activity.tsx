import type { ReactElement } from 'react';
import type { AuditEvent } from '../../../../shared/domain/audit';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import type { UserActivity } from '../../../../shared/domain/user-admin';
import { ErrorMessage } from '../../components/error-message';
import { formatEventTime } from '../audit/audit-words';
import { useOpenAuditEvent } from '../health/audit-event-link';
import { useUserActivity } from './users-queries';

function EventList({
  events,
  activity,
  showActor,
  onOpen,
  testId,
}: {
  events: readonly AuditEvent[];
  activity: UserActivity;
  /** Actions on the user name who did them; the user's own activity does not need to. */
  showActor: boolean;
  onOpen: (id: number) => void;
  testId: string;
}): ReactElement {
  if (events.length === 0) {
    return (
      <p className="users-activity__empty" data-testid={testId}>
        {activity.note ??
          (activity.copiedUpTo === null
            ? 'None in the audit copy.'
            : `None in the audit copy (copied up to ${formatEventTime(activity.copiedUpTo)}).`)}
      </p>
    );
  }
  return (
    <ol className="users-activity" data-testid={testId}>
      {events.map((event) => (
        <li key={event.id} className="users-activity__event">
          <time dateTime={event.timestamp}>{formatEventTime(event.timestamp)}</time>
          <span>
            <code>{event.action}</code>
            {event.outcome === 'failure' && <span className="users-activity__failed"> failed</span>}
            {showActor && ` by ${event.username ?? 'an unknown user'}`}
          </span>
          <button
            type="button"
            className="button button--quiet users-activity__open"
            aria-label={`Open event ${event.id} in Audit`}
            onClick={() => onOpen(event.id)}
          >
            Open in Audit
          </button>
        </li>
      ))}
    </ol>
  );
}

/**
 * What the user did and what was done to them, from the audit copy on this computer (so also
 * offline). Each event opens in the Audit area.
 */
export function UserActivitySection({
  environmentId,
  user,
}: {
  environmentId: EnvironmentId;
  user: User;
}): ReactElement {
  const activity = useUserActivity(environmentId, user);
  const openEvent = useOpenAuditEvent(environmentId);
  return (
    <>
      <h3 className="users-panel__subheading">Recent activity</h3>
      {activity.isPending && (
        <p className="loading" role="status">
          Reading the audit copy…
        </p>
      )}
      {activity.isError && (
        <ErrorMessage
          error={activity.error}
          title="The activity could not be read from the audit copy."
          onRetry={() => void activity.refetch()}
        />
      )}
      {activity.data !== undefined && (
        <EventList
          events={activity.data.byUser}
          activity={activity.data}
          showActor={false}
          onOpen={openEvent}
          testId="user-activity"
        />
      )}
      <h3 className="users-panel__subheading">Recent actions on {user.username}</h3>
      {activity.data !== undefined && (
        <EventList
          events={activity.data.onUser}
          activity={activity.data}
          showActor
          onOpen={openEvent}
          testId="user-actions-on"
        />
      )}
    </>
  );
}
