import type { ReactElement } from 'react';
import type { AuditStatus } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ReasonButton } from '../../components/guarded-button';
import { Icon } from '../../components/icons';
import { formatSeconds } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useVerifyAudit } from './audit-queries';
import { countWords, formatCount, formatEventTime } from './audit-words';
import { secondsLeft, type TaskProgress } from './use-sync-progress';

function chainWords(chain: AuditStatus['chain']): string {
  switch (chain.status) {
    case 'verified':
      return chain.verifiedThroughId === null
        ? 'Chain verified'
        : `Chain verified through event ${formatCount(chain.verifiedThroughId)}`;
    case 'unverified':
      return chain.verifiedThroughId === null
        ? 'Chain not verified yet'
        : `Chain verified through event ${formatCount(chain.verifiedThroughId)}; newer events not checked yet`;
    case 'unchained':
      return 'This server does not chain its log';
    case 'broken': {
      const first = chain.breaks[0];
      const count = chain.breaks.length;
      return `${countWords(count)} ${count === 1 ? 'fails' : 'fail'} the chain check${
        first === undefined ? '' : ` since ${formatEventTime(first.timestamp)}`
      }`;
    }
  }
}

/** Whether the copy can be proved unaltered, and the means to check it again. */
export function AuditChainStatus({
  status,
  progress,
  onShowBreaks,
  onOpenEvent,
}: {
  status: AuditStatus;
  progress: TaskProgress | null;
  onShowBreaks: (since: string) => void;
  onOpenEvent: (id: number) => void;
}): ReactElement {
  const { chain } = status;
  const firstBreak = chain.breaks[0];
  const left = progress === null ? null : secondsLeft(progress);

  return (
    <div className="audit-chain" data-chain={chain.status}>
      <p className="audit-chain__status" data-testid="audit-chain-status">
        <Icon
          name={chain.status === 'broken' ? 'warning' : chain.status === 'verified' ? 'check' : 'clock'}
        />
        <span>{chainWords(chain)}</span>
      </p>
      {chain.status === 'broken' && firstBreak !== undefined && (
        <div className="audit-chain__breaks">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => onShowBreaks(firstBreak.timestamp)}
          >
            Show events from the first break
          </button>
          <details>
            <summary>Which events</summary>
            <ul className="audit-chain__list">
              {chain.breaks.map((item) => (
                <li key={item.id}>
                  <button type="button" className="button button--quiet" onClick={() => onOpenEvent(item.id)}>
                    Open event {item.id}
                  </button>{' '}
                  <span className="audit-chain__when">{formatEventTime(item.timestamp)}</span>: {item.reason}
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
      {progress !== null && (
        <div className="audit-progress">
          <span>
            Verifying: {formatCount(progress.done)}
            {progress.total === null ? ' events' : ` of ${countWords(progress.total)}`}
            {left === null ? '' : ` · about ${formatSeconds(left)} left`}
          </span>
          <progress
            className="audit-progress__bar"
            aria-label="Verifying"
            value={progress.done}
            max={progress.total ?? undefined}
          />
        </div>
      )}
    </div>
  );
}

/** "Verify again": the whole chain of the copy checked anew (offline too); progress shows beside the status. */
export function VerifyButton({
  environmentId,
  status,
  verifying,
}: {
  environmentId: EnvironmentId;
  status: AuditStatus;
  verifying: boolean;
}): ReactElement {
  const verify = useVerifyAudit(environmentId);
  const toast = useToast();
  const reason =
    status.chain.status === 'unchained'
      ? 'This server does not chain its log: there is nothing to verify.'
      : status.eventsHeld === 0
        ? 'There are no events to verify yet.'
        : null;

  const verifyAgain = (): void =>
    verify.mutate(undefined, {
      onSuccess: (next) =>
        toast.show({
          title: next.chain.status === 'broken' ? 'The chain check found altered events.' : 'Chain checked.',
          description: chainWords(next.chain),
          tone: next.chain.status === 'broken' ? 'error' : 'success',
        }),
      onError: (error) => toast.showError(error, 'The chain was not checked.'),
    });

  return (
    <ReasonButton
      className="button"
      disabledReason={reason}
      busy={verify.isPending || verifying}
      onClick={verifyAgain}
    >
      Verify again
    </ReasonButton>
  );
}
