import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useToast } from '../../components/toasts';
import { SignInForm } from './sign-in-form';

/** "Sign in to <name>": a username and password for one environment. */
export function SignInDialog({
  environment,
  open,
  onOpenChange,
  onCloseAutoFocus,
}: {
  environment: EnvironmentView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus); Radix's own otherwise. */
  onCloseAutoFocus?: (event: Event) => void;
}): ReactElement {
  const toast = useToast();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--narrow" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">Sign in to {environment.name}</Dialog.Title>
          <Dialog.Description className="dialog__description">
            Use your OPP account on <span className="path">{environment.apiUrl}</span>. Your password goes to
            the server and is not stored.
          </Dialog.Description>
          {/* Rendered only while open: each opening starts with empty fields. */}
          <SignInForm
            environmentId={environment.id}
            onCancel={() => onOpenChange(false)}
            onSignedIn={(session) => {
              onOpenChange(false);
              toast.show({
                title: `Signed in to ${environment.name} as ${session.username}.`,
                tone: 'success',
              });
            }}
          />
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
