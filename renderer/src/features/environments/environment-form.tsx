import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { ConnectionReport, EnvironmentView } from '../../../../shared/domain/environment';
import { isOppError } from '../../../../shared/errors';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { TextField } from '../../components/text-field';
import { ColourField } from './colour-field';
import { ConnectionResults } from './connection-results';
import { draftFromForm, formFromEnvironment, type EnvironmentForm as FormValues } from './environment-draft';
import { useSaveEnvironment, useTestConnection } from './environment-queries';
import { MonitoringFields } from './monitoring-fields';

/** The field paths the form can show a problem beside; others go in the form's own message. */
const PLACED = new Set(['name', 'apiUrl', 'caFile', 'colour', 'prometheus', 'alertmanager']);
function isPlaced(path: string): boolean {
  return PLACED.has(path) || PLACED.has(path.split('.')[0] ?? '');
}

type Issues = Readonly<Record<string, string>>;

/** Where main's refusal goes: problems beside their fields, anything else in one message. */
function readFailure(error: unknown): { issues: Issues; formError: unknown } {
  if (isOppError(error) && error.code === 'CONFLICT')
    return { issues: { name: error.message }, formError: null };
  const issues = fieldIssues(error);
  const placed = Object.keys(issues).some(isPlaced);
  return { issues, formError: placed && Object.keys(issues).every(isPlaced) ? null : error };
}

/**
 * The add/edit form. Main validates (VALIDATION issues appear beside their fields, a name clash
 * beside the name); "Test connection" checks the servers as typed, without saving.
 */
export function EnvironmentForm({
  environment,
  onSaved,
  onCancel,
}: {
  environment?: EnvironmentView;
  onSaved: (saved: EnvironmentView) => void;
  onCancel: () => void;
}): ReactElement {
  const [form, setForm] = useState<FormValues>(() => formFromEnvironment(environment));
  const [issues, setIssues] = useState<Issues>({});
  const [formError, setFormError] = useState<{ error: unknown; title: string } | null>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [validationRound, setValidationRound] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSaveEnvironment();
  const test = useTestConnection();
  const busy = save.isPending || test.isPending;

  // After main refuses, focus goes to the first field it named.
  useEffect(() => {
    if (validationRound === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [validationRound]);

  const update = (patch: Partial<FormValues>, field: string): void => {
    setForm((current) => ({ ...current, ...patch }));
    setIssues((current) => {
      if (current[field] === undefined) return current;
      const { [field]: _cleared, ...rest } = current;
      return rest;
    });
  };

  const fail = (error: unknown, title: string): void => {
    const failure = readFailure(error);
    setIssues(failure.issues);
    setFormError(failure.formError === null ? null : { error: failure.formError, title });
    if (Object.keys(failure.issues).length > 0) setValidationRound((round) => round + 1);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const outcome = await save.run(draftFromForm(form));
    if (outcome.ok) onSaved(outcome.data);
    else fail(outcome.error, 'The environment was not saved.');
  };

  const testConnection = async (): Promise<void> => {
    if (busy) return;
    setFormError(null);
    setReport(null);
    const outcome = await test.run(draftFromForm(form));
    if (outcome.ok) setReport(outcome.data);
    else fail(outcome.error, 'The connection test could not run.');
  };

  const unplaced = Object.entries(issues).filter(([path]) => !isPlaced(path));

  return (
    <form className="form environment-form" noValidate ref={formRef} onSubmit={(event) => void submit(event)}>
      <TextField
        label="Name"
        value={form.name}
        onValueChange={(name) => update({ name }, 'name')}
        error={issues['name']}
        hint="How this environment is called in the console, e.g. “Production (EU)”."
        autoFocus
      />
      <TextField
        label="API base URL"
        type="url"
        inputMode="url"
        spellCheck={false}
        placeholder="https://opp.example.org"
        value={form.apiUrl}
        onValueChange={(apiUrl) => update({ apiUrl }, 'apiUrl')}
        error={issues['apiUrl']}
        hint="The address of the platform’s API, without /api/v1."
      />
      <MonitoringFields
        kind="prometheus"
        value={form.prometheus}
        issues={issues}
        onChange={(patch, field) => update({ prometheus: { ...form.prometheus, ...patch } }, field)}
      />
      <MonitoringFields
        kind="alertmanager"
        value={form.alertmanager}
        issues={issues}
        onChange={(patch, field) => update({ alertmanager: { ...form.alertmanager, ...patch } }, field)}
      />
      <TextField
        label="CA certificate file"
        spellCheck={false}
        placeholder="/etc/ssl/certs/my-organisation-ca.pem"
        value={form.caFile}
        onValueChange={(caFile) => update({ caFile }, 'caFile')}
        error={issues['caFile']}
        hint="Optional. A PEM file with your organisation’s CA certificates, for servers with private certificates."
      />
      <ColourField
        value={form.colour}
        onChange={(colour) => update({ colour }, 'colour')}
        error={issues['colour']}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.isProduction}
          onChange={(event) => update({ isProduction: event.target.checked }, 'isProduction')}
        />
        This is a production environment
      </label>
      <p className="field__hint checkbox__hint">
        While a production environment is active, the whole window is framed in its colour.
      </p>

      {report !== null && <ConnectionResults report={report} />}
      {unplaced.length > 0 && (
        <ul className="field__error issue-list">
          {unplaced.map(([path, message]) => (
            <li key={path}>
              {path}: {message}
            </li>
          ))}
        </ul>
      )}
      {formError !== null && <ErrorMessage error={formError.error} title={formError.title} write />}
      {formError === null && Object.keys(issues).length > 0 && (
        <p className="field__error" role="alert">
          Some values were not accepted. Correct the marked fields and try again.
        </p>
      )}

      <div className="button-row dialog__buttons">
        <button type="button" className="button" disabled={busy} onClick={() => void testConnection()}>
          Test connection
        </button>
        <span className="form__status form__status--muted" role="status">
          {test.isPending ? 'Testing the connection…' : save.isPending ? 'Saving…' : ''}
        </span>
        <span className="button-row__spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
