import { useRef, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { TypedConfirmDialog } from '../../components/typed-confirm-dialog';
import { useDeleteEnvironment } from './environment-queries';

/**
 * Confirms a deletion and says what goes with it. A production environment is deleted only
 * after its name is typed.
 */
export function DeleteEnvironmentDialog({
  environment,
  open,
  onOpenChange,
  onDeleted,
  onCloseAutoFocus,
  focusAfterDelete,
}: {
  environment: EnvironmentView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
  /** Where the focus goes back to on cancel. */
  onCloseAutoFocus: (event: Event) => void;
  /** Where the focus goes after a deletion (its row, and the button that opened this, are gone). */
  focusAfterDelete: () => void;
}): ReactElement {
  const remove = useDeleteEnvironment();
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
      title={`Delete ${environment.name}?`}
      description={
        <>
          <p>This removes from this computer:</p>
          <ul className="plain-list">
            <li>its sign-in: you are signed out of {environment.name};</li>
            <li>its keychain entries: the session and any Prometheus or AlertManager password or token;</li>
            <li>its cached data: the local copy of the audit log, users, roles and metric snapshots.</li>
          </ul>
          <p>Nothing changes on the servers themselves.</p>
        </>
      }
      phrase={environment.isProduction ? environment.name : null}
      hint="This is a production environment."
      actionLabel="Delete environment"
      busy={remove.isPending}
      error={remove.error}
      errorTitle={`${environment.name} was not deleted.`}
      onConfirm={() =>
        // The promise, not mutate's callbacks: those are dropped once the deleted row unmounts.
        void remove.mutateAsync(environment.id).then(
          () => {
            deleted.current = true;
            close();
            onDeleted();
          },
          () => {}, // shown in the dialog from remove.error
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
