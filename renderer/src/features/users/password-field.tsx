import { useState, type ReactElement, type Ref } from 'react';
import { generatePassword, passwordRules } from '../../../../shared/domain/password-policy';
import { Icon } from '../../components/icons';
import { TextField } from '../../components/text-field';

/**
 * A new password with the policy as a live checklist, a generator and a copy button. The value
 * lives in the parent's state only (never a cache); the parent clears it after submitting.
 */
export function PasswordField({
  label,
  value,
  onValueChange,
  error,
  inputRef,
}: {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
}): ReactElement {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const rules = passwordRules(value);
  const change = (next: string): void => {
    setCopied(null);
    onValueChange(next);
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <div className="users-password">
      <TextField
        label={label}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        value={value}
        onValueChange={change}
        error={error}
        inputRef={inputRef}
      />
      <div className="users-password__tools">
        <button
          type="button"
          className="button"
          onClick={() => {
            change(generatePassword());
            // A generated password is read from the screen or copied: show it.
            setShown(true);
          }}
        >
          Generate
        </button>
        <button type="button" className="button" disabled={value === ''} onClick={() => void copy()}>
          Copy
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} />
          Show password
        </label>
        <span className="form__status" role="status">
          {copied === 'copied'
            ? 'Copied'
            : copied === 'failed'
              ? 'Could not copy: select and copy it by hand.'
              : ''}
        </span>
      </div>
      <ul className="users-password__rules" aria-label="Password rules">
        {rules.map((rule) => (
          <li
            key={rule.id}
            data-rule={rule.id}
            data-met={rule.met}
            className={rule.met ? 'is-met' : undefined}
          >
            <Icon name={rule.met ? 'check' : 'cross'} />
            {rule.label}
            <span className="visually-hidden">{rule.met ? ': met' : ': not met yet'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
