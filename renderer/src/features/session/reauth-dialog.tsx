import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { formatTimeUntil } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useNow } from '../../components/use-now';
import { useEnvironments } from '../environments/environment-queries';
import { SignInForm } from './sign-in-form';

/** A session that needs the password again: it is about to end (legacy servers) or has ended. */
export interface ReauthPrompt {
  environmentId: EnvironmentId;
  reason: 'expiring_soon' | 'expired';
  /** Who was signed in, when known: the form keeps it fixed. */
  username: string | null;
  /** When the session ends (ISO), when known. */
  expiresAt: string | null;
  /** Main's own words about it. */
  message: string | null;
}

function explanation(prompt: ReauthPrompt, name: string, now: number): string {
  if (prompt.reason === 'expired') {
    return `Your session on ${name} has ended. Enter your password to sign in again.`;
  }
  const ends =
    prompt.expiresAt !== null && !Number.isNaN(Date.parse(prompt.expiresAt))
      ? `ends ${formatTimeUntil(new Date(prompt.expiresAt), new Date(now))}`
      : 'ends soon';
  return `Your session on ${name} ${ends}. Enter your password to stay signed in.`;
}

/**
 * Asks for the password again over whatever is on screen, which stays mounted underneath with
 * its state. Signing in here replaces the session; "Not now" leaves things as they are.
 */
export function ReauthDialog({
  prompt,
  onClose,
}: {
  prompt: ReauthPrompt;
  onClose: () => void;
}): ReactElement {
  const toast = useToast();
  const now = useNow(15_000);
  const name =
    useEnvironments().data?.find((e) => e.id === prompt.environmentId)?.name ?? prompt.environmentId;
  const ended = prompt.reason === 'expired';

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--narrow" data-testid="reauth-dialog">
          <Dialog.Title className="dialog__title">
            {ended ? `Session ended on ${name}` : `Session ending on ${name}`}
          </Dialog.Title>
          <Dialog.Description className="dialog__description">
            {explanation(prompt, name, now)}
          </Dialog.Description>
          <SignInForm
            key={prompt.environmentId}
            environmentId={prompt.environmentId}
            fixedUsername={prompt.username ?? undefined}
            cancelLabel="Not now"
            onCancel={onClose}
            onSignedIn={(session) => {
              onClose();
              toast.show({ title: `Signed in again to ${name} as ${session.username}.`, tone: 'success' });
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
