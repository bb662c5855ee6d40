import { useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Session } from '../../../../shared/domain/session';
import { isOppError } from '../../../../shared/errors';
import { useActiveEnvironment } from '../../app/active-environment';
import { useUiStore } from '../../app/ui-store-context';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { useEnvironments } from '../environments/environment-queries';
import { SignInDialog } from '../session/sign-in-dialog';
import { useRoles } from './roles-queries';
import { RolesScreen } from './roles-screen';
import './roles.css';

function NoEnvironment({ count }: { count: number }): ReactElement {
  const showArea = useUiStore((state) => state.showArea);
  return (
    <div className="empty-state">
      <p className="empty-state__title">No environment chosen</p>
      <p>
        {count === 0
          ? 'Add the OPP deployment you administer in Environments and sign in to see its roles.'
          : 'Choose an environment in the header to see its roles.'}
      </p>
      {count === 0 && (
        <button type="button" className="button" onClick={() => showArea('environments')}>
          Open Environments
        </button>
      )}
    </div>
  );
}

/** Main found no session (and no copy to show): the way forward is to sign in. */
function SignInFirst({ environment }: { environment: EnvironmentView }): ReactElement {
  const [signingIn, setSigningIn] = useState(false);
  return (
    <div className="empty-state">
      <p className="empty-state__title">Sign in to see the roles of {environment.name}</p>
      <p>The roles and their permissions are read from the server with your session.</p>
      <button type="button" className="button button--primary" onClick={() => setSigningIn(true)}>
        Sign in to {environment.name}
      </button>
      <SignInDialog environment={environment} open={signingIn} onOpenChange={setSigningIn} />
    </div>
  );
}

function needsSignIn(error: unknown): boolean {
  return isOppError(error) && (error.code === 'AUTH_REQUIRED' || error.code === 'SESSION_EXPIRED');
}

function Loading(): ReactElement {
  return (
    <p className="loading" role="status">
      Loading roles…
    </p>
  );
}

function RolesOf({
  environment,
  session,
}: {
  environment: EnvironmentView;
  session: Session | null;
}): ReactElement {
  const roles = useRoles(environment.id);
  if (roles.data !== undefined) {
    return (
      <RolesScreen
        environment={environment}
        session={session}
        view={roles.data}
        refreshError={roles.isError ? roles.error : null}
        onRetry={() => void roles.refetch()}
      />
    );
  }
  if (roles.isError) {
    return needsSignIn(roles.error) ? (
      <SignInFirst environment={environment} />
    ) : (
      <ErrorMessage
        error={roles.error}
        title="The roles could not be loaded."
        onRetry={() => void roles.refetch()}
      />
    );
  }
  return <Loading />;
}

/** Roles: what each role may do, who holds it, and its changes; editable where the server allows. */
export function RolesArea(): ReactElement {
  const { environment, session, sessionPending } = useActiveEnvironment();
  const environments = useEnvironments();
  return (
    <div className="area area--roles">
      <AreaHeading>Roles</AreaHeading>
      {environment !== null && sessionPending ? (
        <Loading />
      ) : environment !== null ? (
        // Keyed by who is signed in: another account starts afresh (its errors, its dialogs).
        <RolesOf
          key={`${environment.id}|${session?.username ?? ''}`}
          environment={environment}
          session={session}
        />
      ) : environments.isPending ? (
        <Loading />
      ) : environments.isError ? (
        <ErrorMessage
          error={environments.error}
          title="The environments could not be loaded."
          onRetry={() => void environments.refetch()}
        />
      ) : (
        <NoEnvironment count={environments.data.length} />
      )}
    </div>
  );
}
