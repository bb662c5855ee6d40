import { Dialog } from 'radix-ui';
import { useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import { userCreateInputSchema } from '../../../../shared/domain/user-admin';
import { useOpp } from '../../app/opp-context';
import { usePrivateCall } from '../../app/use-private-call';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { TextField } from '../../components/text-field';
import { PasswordField } from './password-field';
import { RoleSelect } from './role-select';

const FIELDS = ['username', 'email', 'full_name', 'role', 'password'] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

function errorsByField(issues: Readonly<Record<string, string>>): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of FIELDS) if (issues[field] !== undefined) errors[field] = issues[field];
  return errors;
}

function CreateUserForm({
  environmentId,
  roles,
  onCreated,
  onCancel,
}: {
  environmentId: EnvironmentId;
  roles: readonly string[];
  onCreated: (user: User) => void;
  onCancel: () => void;
}): ReactElement {
  const opp = useOpp();
  // The password goes through usePrivateCall: a mutation would keep it in the MutationCache.
  const create = usePrivateCall(opp.users.create);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState(roles.includes('user') ? 'user' : (roles[0] ?? 'user'));
  const [active, setActive] = useState(true);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const edit =
    (field: Field, set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      setErrors(({ [field]: _cleared, ...rest }) => rest);
    };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (create.isPending) return;
    const checked = userCreateInputSchema.safeParse({
      environmentId,
      username: username.trim(),
      email: email.trim(),
      full_name: fullName.trim() === '' ? null : fullName.trim(),
      password,
      role,
      is_active: active,
    });
    if (!checked.success) {
      const issues: Record<string, string> = {};
      for (const issue of checked.error.issues) issues[String(issue.path[0])] ??= issue.message;
      setErrors(errorsByField(issues));
      return;
    }
    setErrors({});
    // Sent: the password leaves this component's state whatever the answer.
    setPassword('');
    const outcome = await create.run(checked.data);
    if (outcome.ok) onCreated(outcome.data);
    else setErrors(errorsByField(fieldIssues(outcome.error)));
  };

  const otherProblem = create.error !== null && Object.keys(fieldIssues(create.error)).length === 0;
  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      <TextField
        label="Username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onValueChange={edit('username', setUsername)}
        error={errors.username}
        hint="3 to 50 characters, no spaces."
        autoFocus
      />
      <TextField
        label="Email"
        type="email"
        autoComplete="off"
        value={email}
        onValueChange={edit('email', setEmail)}
        error={errors.email}
      />
      <TextField
        label="Full name"
        autoComplete="off"
        value={fullName}
        onValueChange={edit('full_name', setFullName)}
        error={errors.full_name}
      />
      <RoleSelect value={role} roles={roles} onValueChange={edit('role', setRole)} error={errors.role} />
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
        Active (can sign in)
      </label>
      <PasswordField
        label="Password"
        value={password}
        onValueChange={edit('password', setPassword)}
        error={errors.password}
      />
      {otherProblem && <ErrorMessage error={create.error} title="The user was not created." write />}
      <div className="button-row dialog__buttons">
        <span className="form__status form__status--muted" role="status">
          {create.isPending ? 'Creating…' : ''}
        </span>
        <span className="button-row__spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}

/** "New user": the fields of §2, the password checked against the policy as it is typed. */
export function CreateUserDialog({
  environmentId,
  roles,
  open,
  onOpenChange,
  onCreated,
  onCloseAutoFocus,
}: {
  environmentId: EnvironmentId;
  roles: readonly string[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (user: User) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--wide" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">New user</Dialog.Title>
          <Dialog.Description className="dialog__description">
            A platform account. Give the password to its owner by a safe channel.
          </Dialog.Description>
          {/* Rendered only while open: each opening starts empty, and a closed one holds no password. */}
          <CreateUserForm
            environmentId={environmentId}
            roles={roles}
            onCancel={() => onOpenChange(false)}
            onCreated={(user) => {
              onOpenChange(false);
              onCreated(user);
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
