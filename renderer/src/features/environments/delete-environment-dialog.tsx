import { AlertDialog } from 'radix-ui';
import { useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useDeleteEnvironment } from './environment-queries';

function DeleteBody({
  environment,
  onDone,
}: {
  environment: EnvironmentView;
  onDone: (deleted: boolean) => void;
}): ReactElement {
  const [typed, setTyped] = useState('');
  const remove = useDeleteEnvironment();
  const confirmed = !environment.isProduction || typed === environment.name;

  return (
    <>
      <AlertDialog.Description asChild>
        <div className="dialog__description">
          <p>This removes from this computer:</p>
          <ul className="plain-list">
            <li>its sign-in: you are signed out of {environment.name};</li>
            <li>its keychain entries: the session and any Prometheus or AlertManager password or token;</li>
            <li>its cached data: the local copy of the audit log, users, roles and metric snapshots.</li>
          </ul>
          <p>Nothing changes on the servers themselves.</p>
        </div>
      </AlertDialog.Description>
      {environment.isProduction && (
        <TextField
          label={`Type ${environment.name} to confirm`}
          hint="This is a production environment."
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onValueChange={setTyped}
          autoFocus
        />
      )}
      {remove.isError && (
        <ErrorMessage error={remove.error} title={`${environment.name} was not deleted.`} write />
      )}
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
        <button
          type="button"
          className="button button--danger"
          disabled={!confirmed || remove.isPending}
          onClick={() =>
            // The promise, not mutate's callbacks: those are dropped once the deleted row unmounts.
            void remove.mutateAsync(environment.id).then(
              () => onDone(true),
              () => {}, // shown above from remove.error
            )
          }
        >
          Delete environment
        </button>
      </div>
    </>
  );
}

/**
 * Confirms a deletion and says what goes with it. A production environment is deleted only
 * after its name is typed.
 */
export function DeleteEnvironmentDialog({
  environment,
  open,
  onOpenChange,
  onDeleted,
}: {
  environment: EnvironmentView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}): ReactElement {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--narrow">
          <AlertDialog.Title className="dialog__title">Delete {environment.name}?</AlertDialog.Title>
          <DeleteBody
            environment={environment}
            onDone={(deleted) => {
              onOpenChange(false);
              if (deleted) onDeleted();
            }}
          />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
