import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { isOppError } from '../../../../shared/errors';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { useUpdateSettings } from './settings-queries';

const FIELD = 'auditSyncIntervalMinutes';

/**
 * The audit sync interval. Not validated here beyond the number input: main checks it against
 * the shared schema and its VALIDATION message is shown beside the field.
 */
export function AuditSyncIntervalForm({ savedMinutes }: { savedMinutes: number }): ReactElement {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [value, setValue] = useState(String(savedMinutes));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const update = useUpdateSettings();

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setSaved(false);
    setFieldError(null);
    setFormError(null);
    // An empty number input is all a browser gives for text that is not a number.
    if (value.trim() === '') {
      setFieldError('Enter a number of minutes.');
      return;
    }
    update.mutate(
      { auditSyncIntervalMinutes: Number(value) },
      {
        onSuccess: () => setSaved(true),
        onError: (error) => {
          const issue = fieldIssues(error)[FIELD];
          if (issue !== undefined) setFieldError(issue);
          else if (isOppError(error) && error.code === 'VALIDATION') setFieldError(error.message);
          else setFormError(error);
        },
      },
    );
  };

  return (
    // noValidate: the browser's own checks (step, range) must not stand in for main's.
    <form className="form" noValidate onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Audit sync interval (minutes)
        </label>
        <div className="field__row">
          <input
            id={inputId}
            className="input input--number"
            type="number"
            inputMode="numeric"
            value={value}
            aria-invalid={fieldError !== null}
            aria-describedby={fieldError !== null ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
              setFieldError(null);
            }}
          />
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            Save
          </button>
          <span className="form__status" role="status">
            {saved ? 'Saved' : ''}
          </span>
        </div>
        {fieldError !== null && (
          <p className="field__error" id={errorId} role="alert">
            {fieldError}
          </p>
        )}
        <p className="field__hint" id={hintId}>
          How often the local copy of the audit log is brought up to date while the server can be reached.
        </p>
      </div>
      {formError !== null && <ErrorMessage error={formError} title="The interval was not saved." write />}
    </form>
  );
}
