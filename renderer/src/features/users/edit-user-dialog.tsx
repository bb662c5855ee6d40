import { Dialog } from 'radix-ui';
import { useState, type FormEvent, type ReactElement } from 'react';
import type { User } from '../../../../shared/domain/user';
import { emailSchema, fullNameSchema, type UserChanges } from '../../../../shared/domain/user-admin';
import { TextField } from '../../components/text-field';
import { RoleSelect } from './role-select';

/** Only the fields that differ from `base`: an edit sends what changed, nothing else. */
export function changesFrom(base: User, draft: Required<UserChanges>): UserChanges {
  const changes: UserChanges = {};
  if (draft.email !== base.email) changes.email = draft.email;
  if (draft.full_name !== base.full_name) changes.full_name = draft.full_name;
  if (draft.role !== base.role) changes.role = draft.role;
  if (draft.is_active !== base.is_active) changes.is_active = draft.is_active;
  return changes;
}

function EditUserForm({
  base,
  roles,
  onSave,
  onCancel,
}: {
  base: User;
  roles: readonly string[];
  onSave: (changes: UserChanges) => void;
  onCancel: () => void;
}): ReactElement {
  const [email, setEmail] = useState(base.email);
  const [fullName, setFullName] = useState(base.full_name ?? '');
  const [role, setRole] = useState(base.role);
  const [active, setActive] = useState(base.is_active);
  const [errors, setErrors] = useState<{ email?: string; fullName?: string }>({});

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const checkedEmail = emailSchema.safeParse(email.trim());
    const checkedName = fullNameSchema.safeParse(fullName.trim() === '' ? null : fullName);
    if (!checkedEmail.success || !checkedName.success) {
      setErrors({
        email: checkedEmail.error?.issues[0]?.message,
        fullName: checkedName.error?.issues[0]?.message,
      });
      return;
    }
    onSave(
      changesFrom(base, {
        email: checkedEmail.data,
        full_name: checkedName.data,
        role,
        is_active: active,
      }),
    );
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <TextField
        label="Email"
        type="email"
        value={email}
        onValueChange={(value) => {
          setEmail(value);
          setErrors(({ fullName: kept }) => ({ fullName: kept }));
        }}
        error={errors.email}
        autoFocus
      />
      <TextField
        label="Full name"
        value={fullName}
        onValueChange={(value) => {
          setFullName(value);
          setErrors(({ email: kept }) => ({ email: kept }));
        }}
        error={errors.fullName}
      />
      <RoleSelect value={role} roles={roles} onValueChange={setRole} />
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
        Active (can sign in)
      </label>
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary">
          Save
        </button>
      </div>
    </form>
  );
}

/**
 * "Edit <username>": email, name, role and active status, based on the version shown when the
 * dialog opened. Saving closes it at once: the change shows in the list and panel while the
 * server answers (see useUserChanges).
 */
export function EditUserDialog({
  base,
  roles,
  onOpenChange,
  onSave,
  onCloseAutoFocus,
}: {
  /** The user as the dialog opened on it; null when closed. */
  base: User | null;
  roles: readonly string[];
  onOpenChange: (open: boolean) => void;
  onSave: (base: User, changes: UserChanges) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  return (
    <Dialog.Root open={base !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">Edit {base?.username}</Dialog.Title>
          <Dialog.Description className="dialog__description">
            Based on version {base?.version ?? '?'}: if someone else changes {base?.username} meanwhile, you
            will see both versions before anything is overwritten.
          </Dialog.Description>
          {base !== null && (
            <EditUserForm
              base={base}
              roles={roles}
              onCancel={() => onOpenChange(false)}
              onSave={(changes) => {
                onOpenChange(false);
                if (Object.keys(changes).length > 0) onSave(base, changes);
              }}
            />
          )}
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
