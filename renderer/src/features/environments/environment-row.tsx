import { useId, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useUiStore } from '../../app/ui-store-context';
import { ColourTag } from '../../components/colour-tag';
import { Icon } from '../../components/icons';
import { useToast } from '../../components/toasts';
import { useSession, useSignOut } from '../session/session-queries';
import { sessionStateText } from '../session/session-words';

type Target = EnvironmentView['prometheus'];

const AUTH_WORDS = { none: 'no authentication', basic: 'basic auth', bearer: 'bearer token' } as const;

function monitoringText(target: Target): string {
  return target === null ? 'Not configured' : `Configured (${AUTH_WORDS[target.auth]})`;
}

export type MoveDirection = 'up' | 'down';

/** One environment in the list: what it is, its session, and what can be done with it. */
export function EnvironmentRow({
  environment,
  index,
  count,
  active,
  onSignIn,
  onEdit,
  onDelete,
  onMove,
}: {
  environment: EnvironmentView;
  index: number;
  count: number;
  active: boolean;
  onSignIn: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onMove: (direction: MoveDirection) => void;
}): ReactElement {
  const nameId = useId();
  const session = useSession(environment.id);
  const signOut = useSignOut();
  const selectEnvironment = useUiStore((state) => state.selectEnvironment);
  const toast = useToast();
  const name = environment.name;
  const signedIn = session.data !== undefined && session.data !== null;

  return (
    <li
      className="environment-row"
      aria-labelledby={nameId}
      data-environment-id={environment.id}
      data-active={active}
    >
      <div className="environment-row__summary">
        <div className="environment-row__title">
          <ColourTag colour={environment.colour} />
          <h2 className="environment-row__name" id={nameId}>
            {name}
          </h2>
          {environment.isProduction && <span className="badge badge--production">Production</span>}
          {active && <span className="badge badge--active">Active</span>}
        </div>
        <dl className="environment-row__facts">
          <dt>API</dt>
          <dd className="path">{environment.apiUrl}</dd>
          <dt>Prometheus</dt>
          <dd>{monitoringText(environment.prometheus)}</dd>
          <dt>AlertManager</dt>
          <dd>{monitoringText(environment.alertmanager)}</dd>
          <dt>Session</dt>
          <dd data-testid="session-state">
            {sessionStateText(session)}
            {session.data?.memoryOnly === true && (
              <span className="badge badge--warning">Session in memory only</span>
            )}
          </dd>
        </dl>
      </div>
      <div className="environment-row__actions">
        <button
          type="button"
          className="button"
          aria-label={`Use ${name}`}
          disabled={active}
          onClick={() => selectEnvironment(environment.id)}
        >
          Use
        </button>
        {signedIn ? (
          <button
            type="button"
            className="button"
            aria-label={`Sign out of ${name}`}
            disabled={signOut.isPending}
            onClick={() =>
              signOut.mutate(environment.id, {
                onSuccess: () => toast.show({ title: `Signed out of ${name}.`, tone: 'success' }),
                onError: (error) =>
                  toast.showError(error, `Signing out of ${name} did not finish.`, { write: true }),
              })
            }
          >
            Sign out
          </button>
        ) : (
          <button
            type="button"
            className="button"
            aria-label={`Sign in to ${name}`}
            disabled={session.isPending}
            onClick={onSignIn}
          >
            Sign in
          </button>
        )}
        <button type="button" className="button" aria-label={`Edit ${name}`} onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="button button--danger-quiet"
          aria-label={`Delete ${name}`}
          onClick={onDelete}
        >
          Delete
        </button>
        <span className="environment-row__move">
          <button
            type="button"
            className="button button--icon"
            aria-label={`Move up ${name}`}
            title="Move up"
            data-move="up"
            disabled={index === 0}
            onClick={() => onMove('up')}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            className="button button--icon"
            aria-label={`Move down ${name}`}
            title="Move down"
            data-move="down"
            disabled={index === count - 1}
            onClick={() => onMove('down')}
          >
            <Icon name="down" />
          </button>
        </span>
      </div>
    </li>
  );
}
