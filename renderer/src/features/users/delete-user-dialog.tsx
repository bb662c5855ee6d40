import { useMutation } from '@tanstack/react-query';
import { AlertDialog } from 'radix-ui';
import { useState, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import { useOpp } from '../../app/opp-context';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';

function DeleteBody({
  environmentId,
  user,
  onDeleted,
}: {
  environmentId: EnvironmentId;
  user: User;
  onDeleted: () => void;
}): ReactElement {
  const opp = useOpp();
  const [typed, setTyped] = useState('');
  const remove = useMutation({ mutationFn: () => opp.users.delete({ environmentId, id: user.id }) });
  const confirmed = typed === user.username;

  return (
    <>
      <AlertDialog.Description asChild>
        <div className="dialog__description">
          <p>
            {user.username} ({user.email}) is removed from the platform and can no longer sign in. This cannot
            be undone; to keep the account but stop its sign-ins, deactivate it instead.
          </p>
        </div>
      </AlertDialog.Description>
      <TextField
        label={`Type ${user.username} to confirm`}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={typed}
        onValueChange={setTyped}
        autoFocus
      />
      {remove.isError && (
        // The server's reason (yourself, the last active admin) is main's message, shown here.
        <ErrorMessage error={remove.error} title={`${user.username} was not deleted.`} write />
      )}
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
        <button
          type="button"
          className="button button--danger"
          disabled={!confirmed || remove.isPending}
          onClick={() =>
            // The promise, not mutate's callbacks: those are dropped if the panel unmounts first.
            void remove.mutateAsync().then(onDeleted, () => {})
          }
        >
          Delete user
        </button>
      </div>
    </>
  );
}

/** Deletes a user once its username is typed: a deletion cannot be undone. */
export function DeleteUserDialog({
  environmentId,
  user,
  open,
  onOpenChange,
  onDeleted,
}: {
  environmentId: EnvironmentId;
  user: User;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}): ReactElement {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--narrow">
          <AlertDialog.Title className="dialog__title">Delete {user.username}?</AlertDialog.Title>
          <DeleteBody
            environmentId={environmentId}
            user={user}
            onDeleted={() => {
              onOpenChange(false);
              onDeleted();
            }}
          />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
