import { Dialog } from 'radix-ui';
import { useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { passwordProblem } from '../../../../shared/domain/password-policy';
import type { User } from '../../../../shared/domain/user';
import { useOpp } from '../../app/opp-context';
import { usePrivateCall } from '../../app/use-private-call';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { useToast } from '../../components/toasts';
import { PasswordField } from './password-field';

function ResetPasswordForm({
  environmentId,
  user,
  onDone,
}: {
  environmentId: EnvironmentId;
  user: User;
  onDone: () => void;
}): ReactElement {
  const opp = useOpp();
  const toast = useToast();
  const reset = usePrivateCall(opp.users.resetPassword);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (reset.isPending) return;
    const local = passwordProblem(password);
    if (local !== null) {
      setProblem(local);
      return;
    }
    const newPassword = password;
    setPassword('');
    const outcome = await reset.run({ environmentId, id: user.id, newPassword });
    if (outcome.ok) {
      toast.show({
        title: `${user.username}'s password was reset.`,
        description: 'Their sessions were signed out: they sign in with the new password.',
        tone: 'success',
      });
      onDone();
    } else {
      setProblem(fieldIssues(outcome.error)['newPassword'] ?? null);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      <PasswordField
        label="New password"
        value={password}
        onValueChange={(value) => {
          setPassword(value);
          setProblem(null);
        }}
        error={problem}
      />
      {reset.error !== null && problem === null && (
        <ErrorMessage error={reset.error} title="The password was not reset." write />
      )}
      <div className="button-row dialog__buttons">
        <span className="form__status form__status--muted" role="status">
          {reset.isPending ? 'Resetting…' : ''}
        </span>
        <span className="button-row__spacer" />
        <Dialog.Close className="button">Cancel</Dialog.Close>
        <button type="submit" className="button button--primary" disabled={reset.isPending}>
          Reset password
        </button>
      </div>
    </form>
  );
}

/** A new password for someone else, typed or generated; their refresh tokens are revoked. */
export function ResetPasswordDialog({
  environmentId,
  user,
  open,
  onOpenChange,
  onCloseAutoFocus,
}: {
  environmentId: EnvironmentId;
  user: User;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">Reset password for {user.username}</Dialog.Title>
          <Dialog.Description className="dialog__description">
            {user.username} is signed out everywhere and signs in with the new password.
          </Dialog.Description>
          <ResetPasswordForm environmentId={environmentId} user={user} onDone={() => onOpenChange(false)} />
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
