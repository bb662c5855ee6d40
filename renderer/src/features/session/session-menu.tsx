import { DropdownMenu } from 'radix-ui';
import { useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { Icon } from '../../components/icons';
import { useToast } from '../../components/toasts';
import { useSession, useSignOut } from './session-queries';
import { sessionUserLabel } from './session-words';
import { SignInDialog } from './sign-in-dialog';

/**
 * The header's view of the active environment's session: "alice · admin" with a menu to sign
 * out, or "Sign in" when signed out.
 */
export function SessionMenu({ environment }: { environment: EnvironmentView }): ReactElement | null {
  const session = useSession(environment.id);
  const signOut = useSignOut();
  const toast = useToast();
  const [signingIn, setSigningIn] = useState(false);

  if (session.isPending) return null;
  if (session.data === null || session.data === undefined) {
    return (
      <>
        <span className="app-header__muted">Signed out</span>
        <button type="button" className="button button--quiet" onClick={() => setSigningIn(true)}>
          Sign in
        </button>
        <SignInDialog environment={environment} open={signingIn} onOpenChange={setSigningIn} />
      </>
    );
  }

  const signedIn = session.data;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="button button--quiet session-user"
        aria-label={`Signed in as ${sessionUserLabel(signedIn)}`}
      >
        <Icon name="user" />
        <span data-testid="session-user">{sessionUserLabel(signedIn)}</span>
        <Icon name="chevron" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="menu__label">
            Signed in to {environment.name} as {signedIn.username} ({signedIn.role})
          </DropdownMenu.Label>
          <DropdownMenu.Item
            className="menu__item"
            disabled={signOut.isPending}
            onSelect={() =>
              signOut.mutate(environment.id, {
                onSuccess: () => toast.show({ title: `Signed out of ${environment.name}.`, tone: 'success' }),
                onError: (error) =>
                  toast.showError(error, `Signing out of ${environment.name} did not finish.`, {
                    write: true,
                  }),
              })
            }
          >
            Sign out of {environment.name}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
