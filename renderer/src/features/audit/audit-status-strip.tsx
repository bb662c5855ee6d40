import type { ReactElement } from 'react';
import type { AuditStatus } from '../../../../shared/domain/audit-query';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Session } from '../../../../shared/domain/session';
import { ReasonButton } from '../../components/guarded-button';
import { formatSeconds, formatTimeAgo } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useAccess } from '../../components/use-access';
import { AuditChainStatus, VerifyButton } from './audit-chain-status';
import { useSyncAudit, useSyncFoundOffline } from './audit-queries';
import { countWords, formatCount, formatDay, formatEventTime } from './audit-words';
import { HorizonSetting } from './horizon-setting';
import { secondsLeft, type SyncProgress, type TaskProgress } from './use-sync-progress';

/** "as of 5 minutes ago (12 Mar 2026, 14:32:05)", or what stands in for it. */
function asOfWords(status: AuditStatus, session: Session | null, online: boolean, now: number): string {
  if (status.lastSyncAt === null) {
    return status.state === 'syncing' ? 'Copying the log for the first time…' : 'Not copied yet';
  }
  const asOf = `as of ${formatTimeAgo(new Date(status.lastSyncAt), new Date(now))} (${formatEventTime(status.lastSyncAt)})`;
  if (!online) return `Offline, showing the copy ${asOf}`;
  if (session === null) return `Signed out, showing the copy ${asOf}`;
  return `Copy ${asOf}`;
}

function ProgressLine({
  label,
  progress,
  unit,
}: {
  label: string;
  progress: TaskProgress;
  unit: string;
}): ReactElement {
  const left = secondsLeft(progress);
  const parts = [
    progress.total === null
      ? `${countWords(progress.done)} ${unit}`
      : `${formatCount(progress.done)} of ${countWords(progress.total)} ${unit}`,
    progress.eventsPerSecond === null
      ? null
      : `${formatCount(Math.round(progress.eventsPerSecond))} events/s`,
    left === null ? null : `about ${formatSeconds(left)} left`,
  ].filter((part) => part !== null);
  return (
    <div className="audit-progress">
      <span>
        {label}: {parts.join(' · ')}
      </span>
      <progress
        className="audit-progress__bar"
        aria-label={label}
        value={progress.done}
        max={progress.total ?? undefined}
      />
    </div>
  );
}

function SyncState({
  status,
  progress,
}: {
  status: AuditStatus;
  progress: SyncProgress;
}): ReactElement | null {
  if (progress.sync !== null) return <ProgressLine label="Copying" progress={progress.sync} unit="copied" />;
  switch (status.state) {
    case 'syncing':
      return <p className="audit-status__state">Copying…</p>;
    case 'backing_off':
      return (
        <p className="audit-status__state audit-status__state--warning">
          Waiting to try again{status.lastError === null ? '.' : `: ${status.lastError}`}
        </p>
      );
    case 'error':
      return (
        <p className="audit-status__state audit-status__state--error">
          The last copy failed{status.lastError === null ? '.' : `: ${status.lastError}`}
        </p>
      );
    case 'never':
      return <p className="audit-status__state">Never copied.</p>;
    case 'idle':
      return null;
  }
}

/**
 * Always visible above the audit screen: how much is held and how fresh, the copy in progress,
 * the chain, and the buttons that act on the copy.
 */
export function AuditStatusStrip({
  environment,
  status,
  session,
  online,
  progress,
  now,
  onShowBreaks,
  onOpenEvent,
}: {
  environment: EnvironmentView;
  status: AuditStatus;
  session: Session | null;
  online: boolean;
  progress: SyncProgress;
  now: number;
  onShowBreaks: (since: string) => void;
  onOpenEvent: (id: number) => void;
}): ReactElement {
  const sync = useSyncAudit(environment.id);
  // Main's word (connectivity.changed), or the last Sync now that could not reach the server.
  const syncFoundOffline = useSyncFoundOffline(environment.id, status.lastSyncAt);
  const offline = !online || syncFoundOffline;
  const access = useAccess('audit.read', session);
  const toast = useToast();
  // Offline, Sync now stays on: it is how the administrator tries the server again.
  const syncReason = !access.allowed
    ? session === null
      ? 'Sign in to this environment to copy its audit log.'
      : access.reason
    : null;

  const syncNow = (): void =>
    sync.mutate(undefined, {
      onError: (error) => toast.showError(error, 'The copy was not brought up to date.', { write: true }),
    });

  return (
    <section className="audit-status" aria-label="Audit copy">
      <div className="audit-status__facts">
        <p className="audit-status__held">
          <span data-testid="audit-events-held" data-value={status.eventsHeld}>
            {formatCount(status.eventsHeld)}
          </span>{' '}
          {status.eventsHeld === 1 ? 'event' : 'events'} held
          {status.oldestTimestamp !== null && status.newestTimestamp !== null && (
            <span
              className="audit-status__span"
              title={`${formatEventTime(status.oldestTimestamp)} – ${formatEventTime(status.newestTimestamp)}`}
            >
              {' '}
              · {formatDay(status.oldestTimestamp)} – {formatDay(status.newestTimestamp)}
            </span>
          )}
        </p>
        <p
          className="audit-status__as-of"
          data-testid="audit-as-of"
          title={status.lastSyncAt ?? undefined}
          data-offline={offline || undefined}
        >
          {asOfWords(status, session, !offline, now)}
        </p>
        <SyncState status={status} progress={progress} />
      </div>
      <AuditChainStatus
        status={status}
        progress={progress.verify}
        onShowBreaks={onShowBreaks}
        onOpenEvent={onOpenEvent}
      />
      <div className="audit-status__actions">
        <ReasonButton
          className="button button--primary"
          disabledReason={syncReason}
          busy={sync.isPending || status.state === 'syncing' || progress.sync !== null}
          onClick={syncNow}
        >
          Sync now
        </ReasonButton>
        <VerifyButton environmentId={environment.id} status={status} verifying={progress.verify !== null} />
        <HorizonSetting environmentId={environment.id} horizonDays={status.horizonDays} />
      </div>
    </section>
  );
}
