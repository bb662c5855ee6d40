import type { EnvironmentDraft, EnvironmentView } from '../../../../shared/domain/environment';

export type MonitoringAuth = 'none' | 'basic' | 'bearer';
export type MonitoringKind = 'prometheus' | 'alertmanager';
type MonitoringDraft = NonNullable<EnvironmentDraft['prometheus']>;

/** One monitoring server as the form holds it. */
export interface MonitoringForm {
  /** Empty: not configured. */
  url: string;
  auth: MonitoringAuth;
  /** For basic auth. */
  username: string;
  /** What was typed in the password or token field; empty means "keep what is stored". */
  secret: string;
  /** "Remove stored secret" is ticked. */
  removeSecret: boolean;
  /** Main holds a secret for this server (from the saved environment). */
  hasSecret: boolean;
}

/** The add/edit form's values: all text as typed, so nothing is lost while editing. */
export interface EnvironmentForm {
  /** Absent for a new environment. */
  id: string | undefined;
  name: string;
  apiUrl: string;
  prometheus: MonitoringForm;
  alertmanager: MonitoringForm;
  caFile: string;
  colour: EnvironmentView['colour'];
  isProduction: boolean;
}

function monitoringForm(target: EnvironmentView['prometheus']): MonitoringForm {
  return {
    url: target?.url ?? '',
    auth: target?.auth ?? 'none',
    username: target?.username ?? '',
    secret: '',
    removeSecret: false,
    hasSecret: target?.hasSecret ?? false,
  };
}

/** The form for a saved environment, or an empty one for a new environment. */
export function formFromEnvironment(environment?: EnvironmentView): EnvironmentForm {
  return {
    id: environment?.id,
    name: environment?.name ?? '',
    apiUrl: environment?.apiUrl ?? '',
    prometheus: monitoringForm(environment?.prometheus ?? null),
    alertmanager: monitoringForm(environment?.alertmanager ?? null),
    caFile: environment?.caFile ?? '',
    colour: environment?.colour ?? 'grey',
    isProduction: environment?.isProduction ?? false,
  };
}

/**
 * One monitoring server as main expects it. The secret follows the contract: left out keeps the
 * stored one, null removes it, a string replaces it. Without authentication no secret is sent
 * (main removes a stored one).
 */
export function monitoringDraft(form: MonitoringForm): EnvironmentDraft['prometheus'] {
  const url = form.url.trim();
  if (url === '') return null;
  const draft: MonitoringDraft = { url, auth: form.auth };
  if (form.auth === 'basic' && form.username.trim() !== '') draft.username = form.username.trim();
  if (form.auth === 'none') return draft;
  if (form.removeSecret && form.hasSecret) draft.secret = null;
  else if (form.secret !== '') draft.secret = form.secret;
  return draft;
}

/** What "Save" and "Test connection" send. Main validates it and answers VALIDATION by field path. */
export function draftFromForm(form: EnvironmentForm): EnvironmentDraft {
  const caFile = form.caFile.trim();
  return {
    ...(form.id === undefined ? {} : { id: form.id }),
    name: form.name.trim(),
    apiUrl: form.apiUrl.trim(),
    prometheus: monitoringDraft(form.prometheus),
    alertmanager: monitoringDraft(form.alertmanager),
    caFile: caFile === '' ? null : caFile,
    colour: form.colour,
    isProduction: form.isProduction,
  };
}
