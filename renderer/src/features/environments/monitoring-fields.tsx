import { RadioGroup } from 'radix-ui';
import { useId, type ReactElement } from 'react';
import { TextField } from '../../components/text-field';
import type { MonitoringAuth, MonitoringForm, MonitoringKind } from './environment-draft';

const SERVICE_NAMES: Readonly<Record<MonitoringKind, string>> = {
  prometheus: 'Prometheus',
  alertmanager: 'AlertManager',
};

const AUTH_LABELS: Readonly<Record<MonitoringAuth, string>> = {
  none: 'None',
  basic: 'Basic',
  bearer: 'Bearer token',
};

const KEPT = 'stored in keychain — leave empty to keep';

function isAuth(value: string): value is MonitoringAuth {
  return value === 'none' || value === 'basic' || value === 'bearer';
}

/**
 * One monitoring server: its URL (optional) and how to authenticate. The password or token is
 * never shown back: when one is stored the field says so, and an empty field keeps it.
 */
export function MonitoringFields({
  kind,
  value,
  onChange,
  issues,
}: {
  kind: MonitoringKind;
  value: MonitoringForm;
  onChange: (patch: Partial<MonitoringForm>, field: string) => void;
  /** Problems by field path (`prometheus.url`, ...). */
  issues: Readonly<Record<string, string>>;
}): ReactElement {
  const service = SERVICE_NAMES[kind];
  const authLabelId = useId();
  const secretLabel = value.auth === 'bearer' ? `${service} token` : `${service} password`;
  const storedKept = value.hasSecret && !value.removeSecret;

  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{service}</legend>
      <TextField
        label={`${service} URL`}
        type="url"
        inputMode="url"
        spellCheck={false}
        placeholder={
          kind === 'prometheus' ? 'https://prometheus.example.org' : 'https://alertmanager.example.org'
        }
        hint={`Optional. Leave empty if this environment has no ${service}.`}
        value={value.url}
        onValueChange={(url) => onChange({ url }, `${kind}.url`)}
        error={issues[`${kind}.url`] ?? issues[kind]}
      />
      {value.url.trim() !== '' && (
        <>
          <div className="field">
            <span className="field__label" id={authLabelId}>
              {service} authentication
            </span>
            <RadioGroup.Root
              className="segmented"
              aria-labelledby={authLabelId}
              orientation="horizontal"
              value={value.auth}
              onValueChange={(auth) => {
                if (isAuth(auth)) onChange({ auth }, `${kind}.auth`);
              }}
            >
              {(['none', 'basic', 'bearer'] as const).map((auth) => (
                <RadioGroup.Item key={auth} value={auth} className="segmented__item">
                  {AUTH_LABELS[auth]}
                </RadioGroup.Item>
              ))}
            </RadioGroup.Root>
            {issues[`${kind}.auth`] !== undefined && <p className="field__error">{issues[`${kind}.auth`]}</p>}
          </div>
          {value.auth === 'basic' && (
            <TextField
              label={`${service} username`}
              autoComplete="off"
              spellCheck={false}
              value={value.username}
              onValueChange={(username) => onChange({ username }, `${kind}.username`)}
              error={issues[`${kind}.username`]}
            />
          )}
          {value.auth !== 'none' && (
            <TextField
              label={secretLabel}
              type="password"
              autoComplete="new-password"
              placeholder={storedKept ? KEPT : undefined}
              hint={
                storedKept
                  ? `A ${value.auth === 'bearer' ? 'token' : 'password'} is stored in the keychain; leave this empty to keep it.`
                  : value.removeSecret
                    ? 'The stored secret will be removed when you save.'
                    : 'Kept in the system keychain, never in the settings file.'
              }
              disabled={value.removeSecret}
              value={value.secret}
              onValueChange={(secret) => onChange({ secret }, `${kind}.secret`)}
              error={issues[`${kind}.secret`]}
            />
          )}
          {value.auth !== 'none' && value.hasSecret && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={value.removeSecret}
                onChange={(event) =>
                  onChange({ removeSecret: event.target.checked, secret: '' }, `${kind}.secret`)
                }
              />
              Remove stored secret
            </label>
          )}
        </>
      )}
    </fieldset>
  );
}
