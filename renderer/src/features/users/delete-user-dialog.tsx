import { useMutation } from '@tanstack/react-query';
import { useRef, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import { useOpp } from '../../app/opp-context';
import { TypedConfirmDialog } from '../../components/typed-confirm-dialog';

/** Deletes a user once its username is typed: a deletion cannot be undone. */
export function DeleteUserDialog({
  environmentId,
  user,
  open,
  onOpenChange,
  onDeleted,
  onCloseAutoFocus,
  focusAfterDelete,
}: {
  environmentId: EnvironmentId;
  user: User;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
  /** Where the focus goes back to on cancel. */
  onCloseAutoFocus: (event: Event) => void;
  /** Where the focus goes after a deletion (the user's panel, and its buttons, are gone). */
  focusAfterDelete: () => void;
}): ReactElement {
  const opp = useOpp();
  const remove = useMutation({ mutationFn: () => opp.users.delete({ environmentId, id: user.id }) });
  const deleted = useRef(false);
  const close = (): void => {
    // Each opening starts afresh, without the last one's refusal.
    remove.reset();
    onOpenChange(false);
  };

  return (
    <TypedConfirmDialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={`Delete ${user.username}?`}
      description={
        <p>
          {user.username} ({user.email}) is removed from the platform and can no longer sign in. This cannot
          be undone; to keep the account but stop its sign-ins, deactivate it instead.
        </p>
      }
      phrase={user.username}
      actionLabel="Delete user"
      busy={remove.isPending}
      // The server's reason (yourself, the last active admin) is main's message, shown here.
      error={remove.error}
      errorTitle={`${user.username} was not deleted.`}
      onConfirm={() =>
        // The promise, not mutate's callbacks: those are dropped if the panel unmounts first.
        void remove.mutateAsync().then(
          () => {
            deleted.current = true;
            close();
            onDeleted();
          },
          () => {},
        )
      }
      onCloseAutoFocus={(event) => {
        if (!deleted.current) return onCloseAutoFocus(event);
        event.preventDefault();
        focusAfterDelete();
      }}
    />
  );
}
