import { useId, type ReactElement } from 'react';

/** A labelled choice of role, with the field's error wired like TextField's. */
export function RoleSelect({
  label = 'Role',
  value,
  roles,
  onValueChange,
  error,
}: {
  label?: string;
  value: string;
  roles: readonly string[];
  onValueChange: (role: string) => void;
  error?: string | null;
}): ReactElement {
  const selectId = useId();
  const errorId = useId();
  const choices = roles.includes(value) ? roles : [value, ...roles];
  const hasError = error !== undefined && error !== null && error !== '';
  return (
    <div className="field">
      <label className="field__label" htmlFor={selectId}>
        {label}
      </label>
      <select
        id={selectId}
        className="input"
        value={value}
        aria-invalid={hasError}
        aria-describedby={hasError ? errorId : undefined}
        onChange={(event) => onValueChange(event.target.value)}
      >
        {choices.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
      {hasError && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
