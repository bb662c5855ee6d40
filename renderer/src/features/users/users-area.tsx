import { useCallback, useRef, useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useActiveEnvironment } from '../../app/active-environment';
import { useUiStore } from '../../app/ui-store-context';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { useAccess } from '../../components/use-access';
import { useReturnFocus } from '../../components/use-return-focus';
import { useEnvironments } from '../environments/environment-queries';
import { SignInDialog } from '../session/sign-in-dialog';
import { UsersScreen } from './users-screen';
import '../../styles/users.css';

function NoEnvironment({ none }: { none: boolean }): ReactElement {
  const showArea = useUiStore((state) => state.showArea);
  return (
    <div className="empty-state">
      <p className="empty-state__title">No environment chosen</p>
      <p>
        {none
          ? 'Add the OPP deployment you administer in Environments, then sign in to manage its users.'
          : 'Choose an environment in the header to manage its users.'}
      </p>
      {none && (
        <button type="button" className="button button--primary" onClick={() => showArea('environments')}>
          Open Environments
        </button>
      )}
    </div>
  );
}

function SignedOut({
  environment,
  focusHeading,
}: {
  environment: EnvironmentView;
  /** Once signed in, this and its button are gone: the heading takes the focus. */
  focusHeading: () => void;
}): ReactElement {
  const [signingIn, setSigningIn] = useState(false);
  const returnFocus = useReturnFocus(focusHeading);
  return (
    <div className="empty-state">
      <p className="empty-state__title">Signed out of {environment.name}</p>
      <p>Sign in with an account whose role may manage users to list and change them.</p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => {
          returnFocus.remember();
          setSigningIn(true);
        }}
      >
        Sign in to {environment.name}
      </button>
      <SignInDialog
        environment={environment}
        open={signingIn}
        onOpenChange={setSigningIn}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
      />
    </div>
  );
}

/** A role without manage_users: the server would refuse the list, so say why instead of trying. */
function NotAllowed({ reason }: { reason: string }): ReactElement {
  return (
    <div className="empty-state" data-testid="users-not-allowed">
      <p className="empty-state__title">Your role cannot manage users</p>
      <p>{reason} Users are listed and changed only by roles with the manage_users permission.</p>
    </div>
  );
}

/** Users: find, create and change the platform's users of the active environment. */
export function UsersArea(): ReactElement {
  const { environment, session, sessionPending } = useActiveEnvironment();
  const environments = useEnvironments();
  const read = useAccess('users.read');
  const areaRef = useRef<HTMLDivElement>(null);
  const focusHeading = useCallback(() => areaRef.current?.querySelector<HTMLElement>('h1')?.focus(), []);

  const body = (): ReactElement => {
    if (environment === null) {
      if (environments.isPending) {
        return (
          <p className="loading" role="status">
            Loading…
          </p>
        );
      }
      if (environments.isError) {
        return (
          <ErrorMessage
            error={environments.error}
            title="The environments could not be loaded."
            onRetry={() => void environments.refetch()}
          />
        );
      }
      return <NoEnvironment none={environments.data.length === 0} />;
    }
    if (sessionPending) {
      return (
        <p className="loading" role="status">
          Loading…
        </p>
      );
    }
    if (session === null) return <SignedOut environment={environment} focusHeading={focusHeading} />;
    if (!read.allowed) return <NotAllowed reason={read.reason} />;
    return <UsersScreen key={environment.id} environment={environment} />;
  };

  return (
    <div className="area area--users" ref={areaRef}>
      <AreaHeading>Users</AreaHeading>
      {body()}
    </div>
  );
}
