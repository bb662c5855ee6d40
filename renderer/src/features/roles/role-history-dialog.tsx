import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { AuditEvent } from '../../../../shared/domain/audit';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { formatEventTime } from '../audit/audit-words';
import { actionWords, historyLines, newestFirst } from './role-history-words';
import { useRoleHistory } from './roles-queries';

function HistoryEvent({ event }: { event: AuditEvent }): ReactElement {
  const lines = historyLines(event);
  return (
    <li className="role-event" data-action={event.action}>
      <p className="role-event__head">
        <strong>{actionWords(event.action)}</strong> by {event.username ?? 'an unknown user'}
        {' · '}
        <time dateTime={event.timestamp} title={event.timestamp}>
          {formatEventTime(event.timestamp)}
        </time>
        {event.outcome === 'failure' && <span className="badge badge--warning">Refused</span>}
      </p>
      {lines.length === 0 ? (
        <p className="role-muted">The log holds no details of this change.</p>
      ) : (
        <dl className="facts role-event__lines">
          {lines.map((line) => (
            <div key={line.label} className="role-event__line">
              <dt>{line.label}</dt>
              <dd>
                {line.text ??
                  (line.names?.length === 0 ? (
                    <span className="role-muted">none</span>
                  ) : (
                    line.names?.map((name, index) => (
                      <span key={name}>
                        {index > 0 && ', '}
                        <code>{name}</code>
                      </span>
                    ))
                  ))}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

function HistoryBody({ environmentId, name }: { environmentId: EnvironmentId; name: string }): ReactElement {
  const history = useRoleHistory(environmentId, name);
  if (history.isPending) {
    return (
      <p className="loading" role="status">
        Reading the audit copy…
      </p>
    );
  }
  if (history.isError) {
    return (
      <ErrorMessage
        error={history.error}
        title={`The history of ${name} could not be read.`}
        onRetry={() => void history.refetch()}
      />
    );
  }
  const { events, copiedUpTo, note } = history.data;
  return (
    <>
      {note !== null && (
        <p className="role-notice" role="note">
          {note}
        </p>
      )}
      {events.length > 0 ? (
        <ol className="role-history" aria-label={`Changes to ${name}, newest first`}>
          {newestFirst(events).map((event) => (
            <HistoryEvent key={event.id} event={event} />
          ))}
        </ol>
      ) : (
        note === null && <p className="empty-state__title">No changes to {name} in the audit copy.</p>
      )}
      {/* Main's note already says why when there is no copy to speak of. */}
      {(copiedUpTo !== null || note === null) && (
        <p className="role-muted role-history__copied">
          {copiedUpTo === null
            ? 'The audit log has not been copied to this computer yet: sync it on the Audit screen.'
            : `The copy holds events up to ${formatEventTime(copiedUpTo)}; later changes appear after the next sync.`}
        </p>
      )}
    </>
  );
}

/** "History of <name>": its role_* events from the local audit copy, with what each changed. */
export function RoleHistoryDialog({
  environmentId,
  name,
  open,
  onOpenChange,
  onCloseAutoFocus,
}: {
  environmentId: EnvironmentId;
  name: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--wide" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">History of {name}</Dialog.Title>
          <Dialog.Description className="dialog__description">
            When {name} was created or its permissions changed, and by whom, from this computer’s copy of the
            audit log.
          </Dialog.Description>
          <div className="role-history-body" data-testid="role-history">
            {open && <HistoryBody environmentId={environmentId} name={name} />}
          </div>
          <div className="button-row dialog__buttons">
            <span className="button-row__spacer" />
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
