import { useId, type ReactElement } from 'react';
import { BUILT_IN_LIMITS, type Permission, type Role } from '../../../../shared/domain/role';
import { TextField } from '../../components/text-field';
import type { RoleDraft } from './role-draft';

function PermissionCheckbox({
  permission,
  checked,
  lockedReason,
  onChange,
}: {
  permission: Permission;
  checked: boolean;
  /** Why this box cannot change, or null. */
  lockedReason: string | null;
  onChange: (checked: boolean) => void;
}): ReactElement {
  const hintId = useId();
  return (
    <div className="role-permission">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          // Focusable when locked (unlike `disabled`), so its reason is read out with it.
          aria-disabled={lockedReason === null ? undefined : true}
          aria-describedby={hintId}
          // A locked box ignores the change; being controlled, it stays as it was.
          onChange={(event) => {
            if (lockedReason === null) onChange(event.target.checked);
          }}
        />
        <code>{permission.name}</code>
      </label>
      <p className="field__hint checkbox__hint" id={hintId}>
        {permission.description}
        {lockedReason !== null && <span className="role-permission__locked"> Locked: {lockedReason}</span>}
      </p>
    </div>
  );
}

/** What a built-in role cannot do, said before the administrator tries. */
function BuiltInLimits({ role }: { role: Role }): ReactElement {
  return (
    <div className="role-notice" role="note">
      <p>{BUILT_IN_LIMITS.deleteOrRename}</p>
      {role.name === 'admin' && <p>{BUILT_IN_LIMITS.adminKeepsWords} Their boxes stay checked.</p>}
    </div>
  );
}

/** The editor's first step: name (new roles only), description and permissions. */
export function RoleFields({
  role,
  draft,
  catalogue,
  locked,
  nameError,
  descriptionError,
  onChange,
}: {
  /** The role being edited, or null for a new one. */
  role: Role | null;
  draft: RoleDraft;
  catalogue: readonly Permission[];
  locked: readonly string[];
  nameError: string | null;
  descriptionError: string | null;
  onChange: (draft: RoleDraft) => void;
}): ReactElement {
  const toggle = (name: string, on: boolean): void =>
    onChange({
      ...draft,
      permissions: on ? [...draft.permissions, name] : draft.permissions.filter((p) => p !== name),
    });

  return (
    <>
      {role?.built_in === true && <BuiltInLimits role={role} />}
      {role === null ? (
        <TextField
          label="Name"
          value={draft.name}
          onValueChange={(name) => onChange({ ...draft, name })}
          error={nameError}
          hint="Lower-case letters, digits, _ and -, starting with a letter. It cannot be changed later."
          autoComplete="off"
          spellCheck={false}
          autoFocus
        />
      ) : (
        <TextField
          label="Name"
          value={draft.name}
          onValueChange={() => {}}
          readOnly
          hint="A role keeps its name: the platform cannot rename roles."
        />
      )}
      <TextField
        label="Description"
        value={draft.description}
        onValueChange={(description) => onChange({ ...draft, description })}
        error={descriptionError}
        autoFocus={role !== null}
      />
      <fieldset className="fieldset role-permissions">
        <legend className="fieldset__legend">Permissions</legend>
        {catalogue.map((permission) => (
          <PermissionCheckbox
            key={permission.name}
            permission={permission}
            checked={draft.permissions.includes(permission.name)}
            lockedReason={locked.includes(permission.name) ? BUILT_IN_LIMITS.adminKeepsWords : null}
            onChange={(on) => toggle(permission.name, on)}
          />
        ))}
      </fieldset>
    </>
  );
}
