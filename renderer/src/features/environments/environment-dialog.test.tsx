import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EnvironmentDraft } from '../../../../shared/domain/environment';
import { OppError } from '../../../../shared/errors';
import { PRODUCTION, STAGING, createFakeOppApi, sampleEnvironment } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

function lastDraft(calls: [EnvironmentDraft][]): EnvironmentDraft {
  const last = calls.at(-1);
  if (last === undefined) throw new Error('not called');
  return last[0];
}

async function openAdd(user: UserEvent): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Add environment' }));
  return screen.getByRole('dialog', { name: 'Add environment' });
}

async function openEdit(user: UserEvent, name: string): Promise<HTMLElement> {
  const row = await screen.findByRole('listitem', { name });
  await user.click(within(row).getByRole('button', { name: /^Edit/ }));
  return screen.getByRole('dialog', { name: 'Edit environment' });
}

describe('add environment', () => {
  it('sends what was typed and shows the new environment', async () => {
    const { user, api } = renderWithProviders();
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('Name'), 'Staging EU');
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://staging.eu.example');
    await user.type(within(dialog).getByLabelText('CA certificate file'), '/etc/ssl/org-ca.pem');
    await user.click(within(dialog).getByRole('radio', { name: 'Amber' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'This is a production environment' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(api.environments.save).toHaveBeenCalledWith({
      name: 'Staging EU',
      apiUrl: 'https://staging.eu.example',
      prometheus: null,
      alertmanager: null,
      caFile: '/etc/ssl/org-ca.pem',
      colour: 'amber',
      isProduction: true,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('listitem', { name: 'Staging EU' })).toBeInTheDocument();
    expect(screen.getByText('Staging EU added.')).toBeInTheDocument();
  });

  it("shows main's VALIDATION issues beside their fields, and focuses the first", async () => {
    const api = createFakeOppApi();
    api.environments.save.mockRejectedValueOnce(
      new OppError('VALIDATION', 'Some values were not accepted.', {
        issues: [
          { path: 'apiUrl', message: 'Enter an http:// or https:// address.' },
          { path: 'prometheus.url', message: 'Prometheus needs an http:// or https:// address.' },
          { path: 'name', message: 'Give the environment a name.' },
        ],
      }),
    );
    const { user } = renderWithProviders(undefined, { api });
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('API base URL'), 'ftp://nope');
    await user.type(within(dialog).getByLabelText('Prometheus URL'), 'prom');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const name = within(dialog).getByLabelText('Name');
    const apiUrl = within(dialog).getByLabelText('API base URL');
    const prometheus = within(dialog).getByLabelText('Prometheus URL');
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Give the environment a name.'));
    expect(apiUrl).toHaveAccessibleDescription(
      expect.stringContaining('Enter an http:// or https:// address.'),
    );
    expect(prometheus).toHaveAccessibleDescription(
      expect.stringContaining('Prometheus needs an http:// or https:// address.'),
    );
    expect(within(dialog).getByLabelText('AlertManager URL')).toHaveAttribute('aria-invalid', 'false');
    expect(name).toHaveFocus();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Correct the marked fields');

    // Typing in a field clears its problem; the dialog stays open with what was typed.
    await user.type(apiUrl, 'x');
    expect(apiUrl).toHaveAttribute('aria-invalid', 'false');
    expect(prometheus).toHaveValue('prom');
  });

  it('shows a name clash (CONFLICT) beside the name', async () => {
    const { user } = renderWithProviders(undefined, {
      api: createFakeOppApi(undefined, { environments: [STAGING] }),
    });
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('Name'), 'staging');
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://other.example');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const name = within(dialog).getByLabelText('Name');
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(
        expect.stringContaining('Another environment is already called "staging". Choose another name.'),
      ),
    );
    expect(screen.getByRole('dialog', { name: 'Add environment' })).toBeInTheDocument();
  });

  it('shows other failures in the dialog', async () => {
    const api = createFakeOppApi();
    api.environments.save.mockRejectedValueOnce(new OppError('KEYCHAIN_UNAVAILABLE', 'No Secret Service.'));
    const { user } = renderWithProviders(undefined, { api });
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('Name'), 'QA');
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://qa.example');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The environment was not saved.');
    expect(alert).toHaveTextContent('No Secret Service.');
  });
});

describe('monitoring secrets', () => {
  const WITH_SECRETS = sampleEnvironment({
    id: 'prod',
    name: 'Prod',
    prometheus: { url: 'https://prom.example', auth: 'basic', username: 'scraper', hasSecret: true },
    alertmanager: { url: 'https://am.example', auth: 'bearer', hasSecret: true },
  });

  function renderWithSecrets() {
    return renderWithProviders(undefined, {
      api: createFakeOppApi(undefined, { environments: [WITH_SECRETS] }),
    });
  }

  it('leaves an untouched secret out of the draft (main keeps it)', async () => {
    const { user, api } = renderWithSecrets();
    const dialog = await openEdit(user, 'Prod');
    const password = within(dialog).getByLabelText('Prometheus password');
    expect(password).toHaveValue('');
    expect(password).toHaveAttribute('placeholder', 'stored in keychain — leave empty to keep');
    expect(within(dialog).getByLabelText('AlertManager token')).toHaveAttribute(
      'placeholder',
      'stored in keychain — leave empty to keep',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const draft = lastDraft(api.environments.save.mock.calls);
    expect(draft.id).toBe('prod');
    expect(draft.prometheus).toEqual({ url: 'https://prom.example', auth: 'basic', username: 'scraper' });
    expect(draft.prometheus).not.toHaveProperty('secret');
    expect(draft.alertmanager).not.toHaveProperty('secret');
  });

  it('sends null to remove a stored secret and the typed text to replace one', async () => {
    const { user, api } = renderWithSecrets();
    const dialog = await openEdit(user, 'Prod');
    const prometheus = within(dialog).getByRole('group', { name: 'Prometheus' });
    await user.click(within(prometheus).getByRole('checkbox', { name: 'Remove stored secret' }));
    expect(within(prometheus).getByLabelText('Prometheus password')).toBeDisabled();
    await user.type(within(dialog).getByLabelText('AlertManager token'), 's3cret-token');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const draft = lastDraft(api.environments.save.mock.calls);
    expect(draft.prometheus).toEqual({
      url: 'https://prom.example',
      auth: 'basic',
      username: 'scraper',
      secret: null,
    });
    expect(draft.alertmanager).toEqual({ url: 'https://am.example', auth: 'bearer', secret: 's3cret-token' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('asks for a username and password with basic auth on a new server', async () => {
    const { user, api } = renderWithProviders();
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('Name'), 'Lab');
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://lab.example');
    const alertmanager = within(dialog).getByRole('group', { name: 'AlertManager' });
    expect(within(alertmanager).queryByRole('radio', { name: 'Basic' })).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('AlertManager URL'), 'https://am.lab.example');
    await user.click(within(alertmanager).getByRole('radio', { name: 'Basic' }));
    await user.type(within(dialog).getByLabelText('AlertManager username'), 'ops');
    const password = within(dialog).getByLabelText('AlertManager password');
    expect(password).not.toHaveAttribute('placeholder');
    expect(
      within(alertmanager).queryByRole('checkbox', { name: 'Remove stored secret' }),
    ).not.toBeInTheDocument();
    await user.type(password, 'pa55');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(lastDraft(api.environments.save.mock.calls).alertmanager).toEqual({
      url: 'https://am.lab.example',
      auth: 'basic',
      username: 'ops',
      secret: 'pa55',
    });
  });
});

describe('test connection', () => {
  it('checks the servers as typed, without saving, and shows one line per server', async () => {
    const api = createFakeOppApi(undefined, { environments: [PRODUCTION] });
    api.environments.testConnection.mockResolvedValueOnce({
      checks: [
        {
          target: 'api',
          url: 'https://opp.example',
          outcome: 'ok',
          message: 'OPP 4.2.0, healthy',
          latencyMs: 41.6,
        },
        {
          target: 'prometheus',
          url: 'https://prom.example',
          outcome: 'tls',
          message: 'The certificate is self-signed.',
          latencyMs: null,
        },
        {
          target: 'alertmanager',
          url: 'https://am.example',
          outcome: 'timeout',
          message: 'No answer in 5 s.',
          latencyMs: 5000,
        },
      ],
    });
    const { user } = renderWithProviders(undefined, { api });
    const dialog = await openEdit(user, 'Production');
    await user.clear(within(dialog).getByLabelText('API base URL'));
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://opp.example');
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));

    expect(api.environments.testConnection).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'production', apiUrl: 'https://opp.example' }),
    );
    const apiCheck = await within(dialog).findByTestId('connection-check-api');
    expect(apiCheck).toHaveTextContent('API');
    expect(apiCheck).toHaveTextContent('OK');
    expect(apiCheck).toHaveTextContent('42 ms');
    expect(apiCheck).toHaveTextContent('OPP 4.2.0, healthy');
    const prometheus = within(dialog).getByTestId('connection-check-prometheus');
    expect(prometheus).toHaveTextContent('TLS certificate not trusted');
    expect(prometheus).toHaveTextContent('The certificate is self-signed.');
    expect(prometheus).not.toHaveTextContent(' ms');
    expect(within(dialog).getByTestId('connection-check-alertmanager')).toHaveTextContent('Timeout');
    expect(within(dialog).getByTestId('connection-check-alertmanager')).toHaveTextContent('5000 ms');
    expect(api.environments.save).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Edit environment' })).toBeInTheDocument();
  });

  it('shows a refused draft beside its fields too', async () => {
    const api = createFakeOppApi();
    api.environments.testConnection.mockRejectedValueOnce(
      new OppError('VALIDATION', 'Not accepted.', {
        issues: [{ path: 'caFile', message: 'The file /nope.pem cannot be read.' }],
      }),
    );
    const { user } = renderWithProviders(undefined, { api });
    const dialog = await openAdd(user);
    await user.type(within(dialog).getByLabelText('CA certificate file'), '/nope.pem');
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('CA certificate file')).toHaveAccessibleDescription(
        expect.stringContaining('The file /nope.pem cannot be read.'),
      ),
    );
  });
});

describe('edit environment', () => {
  it('starts from the saved values and keeps them when nothing changes', async () => {
    const { user, api } = renderWithProviders(undefined, {
      api: createFakeOppApi(undefined, { environments: [STAGING] }),
    });
    const dialog = await openEdit(user, 'Staging');
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Staging');
    expect(within(dialog).getByLabelText('API base URL')).toHaveValue('https://staging.opp.example');
    expect(within(dialog).getByRole('radio', { name: 'Green' })).toBeChecked();
    expect(
      within(dialog).getByRole('checkbox', { name: 'This is a production environment' }),
    ).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.environments.save).toHaveBeenCalledWith({
      id: 'staging',
      name: 'Staging',
      apiUrl: 'https://staging.opp.example',
      prometheus: null,
      alertmanager: null,
      caFile: null,
      colour: 'green',
      isProduction: false,
    });
    expect(await screen.findByText('Staging saved.')).toBeInTheDocument();
  });
});
