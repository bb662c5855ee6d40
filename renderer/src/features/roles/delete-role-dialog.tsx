import { AlertDialog } from 'radix-ui';
import { useRef, type ReactElement } from 'react';
import type { Role } from '../../../../shared/domain/role';

/**
 * Confirms deleting a role and says what goes with it. Only roles nobody holds get here (the
 * Delete button says why otherwise); the server checks again, and a refusal comes back as a
 * notification with the role put back in the list.
 */
export function DeleteRoleDialog({
  role,
  open,
  onOpenChange,
  onConfirm,
  onCloseAutoFocus,
  focusAfterDelete,
}: {
  role: Role;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  /** Where the focus goes back to on cancel. */
  onCloseAutoFocus: (event: Event) => void;
  /** Where the focus goes after a confirmed deletion (the role's own buttons are gone). */
  focusAfterDelete: () => void;
}): ReactElement {
  const confirmed = useRef(false);
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content
          className="dialog dialog--narrow"
          onCloseAutoFocus={(event) => {
            if (!confirmed.current) return onCloseAutoFocus(event);
            event.preventDefault();
            focusAfterDelete();
          }}
        >
          <AlertDialog.Title className="dialog__title">Delete role {role.name}?</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="dialog__description">
              <p>
                No user holds {role.name} now. It grants{' '}
                {role.permissions.length === 0 ? 'no permissions' : role.permissions.join(', ')}.
              </p>
              <p>The deletion is recorded in the audit log and cannot be undone from here.</p>
            </div>
          </AlertDialog.Description>
          <div className="button-row dialog__buttons">
            <span className="button-row__spacer" />
            <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
            <AlertDialog.Action
              className="button button--danger"
              onClick={() => {
                confirmed.current = true;
                onConfirm();
              }}
            >
              Delete role
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
