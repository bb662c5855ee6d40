import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import {
  PRODUCTION,
  STAGING,
  createFakeOppApi,
  sampleEnvironment,
  sampleSession,
  type FakeSeed,
} from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

const QA = sampleEnvironment({ id: 'qa', name: 'QA', colour: 'amber' });

function renderArea(seed: FakeSeed = { environments: [STAGING, PRODUCTION, QA] }) {
  return renderWithProviders(undefined, { api: createFakeOppApi(undefined, seed) });
}

async function row(name: string): Promise<HTMLElement> {
  return screen.findByRole('listitem', { name });
}

function rowNames(): string[] {
  return within(screen.getByRole('list', { name: 'Environments' }))
    .getAllByRole('heading', { level: 2 })
    .map((heading) => heading.textContent ?? '');
}

describe('environment list', () => {
  it('shows loading, then each environment with its facts and session state', async () => {
    renderArea({
      environments: [STAGING, PRODUCTION],
      sessions: [sampleSession('production', { username: 'alice', role: 'admin', memoryOnly: true })],
    });
    expect(
      screen.getByText('Loading environments…', { selector: '.area [role="status"]' }),
    ).toBeInTheDocument();

    const staging = await row('Staging');
    expect(within(staging).getByRole('img', { name: 'Green tag' })).toBeInTheDocument();
    expect(within(staging).getByText('https://staging.opp.example')).toBeInTheDocument();
    expect(within(staging).queryByText('Production')).not.toBeInTheDocument();
    expect(await within(staging).findByText('Signed out')).toBeInTheDocument();
    expect(within(staging).getAllByText('Not configured')).toHaveLength(2);

    const production = await row('Production');
    expect(within(production).getByText('Production', { selector: '.badge' })).toBeInTheDocument();
    expect(within(production).getByRole('img', { name: 'Red tag' })).toBeInTheDocument();
    expect(within(production).getByText('Configured (basic auth)')).toBeInTheDocument();
    const state = await within(production).findByTestId('session-state');
    expect(state).toHaveTextContent('Signed in as alice (admin)');
    expect(state).toHaveTextContent('Session in memory only');
    expect(rowNames()).toEqual(['Staging', 'Production']);
  });

  it('asks for all sessions with one call, however many environments', async () => {
    const { api } = renderArea();
    const list = await screen.findByRole('list', { name: 'Environments' });
    await waitFor(() => expect(within(list).getAllByText('Signed out')).toHaveLength(3));
    expect(api.session.list).toHaveBeenCalledTimes(1);
  });

  it('invites to add the first environment when there is none', async () => {
    const { user } = renderArea({});
    expect(await screen.findByText('No environments yet', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Add environment' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Add your first environment' }));
    expect(screen.getByRole('dialog', { name: 'Add environment' })).toBeInTheDocument();
  });

  it('says when the list cannot be loaded, and Try again recovers', async () => {
    const api = createFakeOppApi(undefined, { environments: [STAGING] });
    api.environments.list.mockRejectedValueOnce(new OppError('INTERNAL', 'environments.db is locked.'));
    const { user } = renderWithProviders(undefined, { api });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The environments could not be loaded.');
    expect(alert).toHaveTextContent('environments.db is locked.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await row('Staging')).toBeInTheDocument();
  });

  it('makes an environment the active one with Use, keeping every session', async () => {
    const { user, api, uiStore } = renderArea({
      environments: [STAGING, PRODUCTION],
      sessions: [sampleSession('staging'), sampleSession('production', { username: 'bob' })],
    });
    const production = await row('Production');
    await waitFor(() => expect(uiStore.getState().selectedEnvironmentId).toBe('staging'));
    expect(within(await row('Staging')).getByRole('button', { name: /^Use/ })).toBeDisabled();

    await user.click(within(production).getByRole('button', { name: /^Use/ }));
    expect(uiStore.getState().selectedEnvironmentId).toBe('production');
    expect(within(production).getByText('Active')).toBeInTheDocument();
    expect(api.session.signOut).not.toHaveBeenCalled();
  });

  it('signs out of one environment from its row', async () => {
    const { user, api } = renderArea({ environments: [STAGING], sessions: [sampleSession('staging')] });
    const staging = await row('Staging');
    await user.click(await within(staging).findByRole('button', { name: /^Sign out/ }));
    expect(api.session.signOut).toHaveBeenCalledWith({ environmentId: 'staging' });
    expect(await within(staging).findByText('Signed out')).toBeInTheDocument();
    expect(within(staging).getByRole('button', { name: /^Sign in/ })).toBeInTheDocument();
    expect(await screen.findByText('Signed out of Staging.')).toBeInTheDocument();
  });
});

describe('reordering', () => {
  it('moves an environment with the right ids and keeps the focus on it', async () => {
    const { user, api } = renderArea();
    const last = await row('QA');
    expect(within(last).getByRole('button', { name: /^Move down/ })).toBeDisabled();
    expect(within(await row('Staging')).getByRole('button', { name: /^Move up/ })).toBeDisabled();

    await user.click(within(last).getByRole('button', { name: /^Move up/ }));
    expect(api.environments.reorder).toHaveBeenCalledWith({ ids: ['staging', 'qa', 'production'] });
    expect(rowNames()).toEqual(['Staging', 'QA', 'Production']);
    expect(screen.getByText('QA moved to position 2 of 3.')).toBeInTheDocument();
    expect(within(await row('QA')).getByRole('button', { name: /^Move up/ })).toHaveFocus();

    // By keyboard: Enter on the focused button moves it again; at the top focus goes to Move down.
    await user.keyboard('{Enter}');
    expect(api.environments.reorder).toHaveBeenLastCalledWith({ ids: ['qa', 'staging', 'production'] });
    expect(rowNames()).toEqual(['QA', 'Staging', 'Production']);
    const qa = await row('QA');
    await waitFor(() => expect(within(qa).getByRole('button', { name: /^Move down/ })).toHaveFocus());
  });

  it('puts the old order back and says so when main refuses', async () => {
    const api = createFakeOppApi(undefined, { environments: [STAGING, PRODUCTION] });
    api.environments.reorder.mockRejectedValueOnce(
      new OppError('CONFLICT', 'The list of environments changed meanwhile. Reload it and try again.'),
    );
    const { user } = renderWithProviders(undefined, { api });
    await user.click(within(await row('Production')).getByRole('button', { name: /^Move up/ }));
    expect(await screen.findByText('The new order was not saved.')).toBeInTheDocument();
    await waitFor(() => expect(rowNames()).toEqual(['Staging', 'Production']));
  });
});

describe('deleting', () => {
  it('says what is removed and deletes after confirmation', async () => {
    const { user, api } = renderArea();
    await user.click(within(await row('Staging')).getByRole('button', { name: /^Delete/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Staging?' });
    expect(dialog).toHaveTextContent('its sign-in');
    expect(dialog).toHaveTextContent('its keychain entries');
    expect(dialog).toHaveTextContent('its cached data');
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Delete environment' }));
    expect(api.environments.delete).toHaveBeenCalledWith({ id: 'staging' });
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Staging' })).not.toBeInTheDocument());
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(await screen.findByText('Staging deleted.')).toBeInTheDocument();
  });

  it('deletes a production environment only once its name is typed', async () => {
    const { user, api } = renderArea();
    await user.click(within(await row('Production')).getByRole('button', { name: /^Delete/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Production?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete environment' });
    expect(confirm).toBeDisabled();

    const typed = within(dialog).getByLabelText('Type Production to confirm');
    await user.type(typed, 'production');
    expect(confirm).toBeDisabled();
    await user.clear(typed);
    await user.type(typed, 'Production');
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    expect(api.environments.delete).toHaveBeenCalledWith({ id: 'production' });
  });

  it('Cancel deletes nothing', async () => {
    const { user, api } = renderArea();
    await user.click(within(await row('QA')).getByRole('button', { name: /^Delete/ }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.environments.delete).not.toHaveBeenCalled();
  });
});

describe('export and import', () => {
  it('exports and says where to', async () => {
    const { user, api } = renderArea();
    await row('Staging');
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect(api.environments.export).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Exported 3 environments.')).toBeInTheDocument();
    expect(screen.getByText(/opp-environments\.json, without passwords or tokens/)).toBeInTheDocument();
  });

  it('has nothing to export without environments, and says why', async () => {
    const { user, api } = renderArea({});
    await screen.findByText('No environments yet', { selector: 'p' });
    const button = screen.getByRole('button', { name: 'Export…' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription('There are no environments to export yet.');
    await user.click(button);
    expect(api.environments.export).not.toHaveBeenCalled();
  });

  it('shows what an import added and skipped, with reasons', async () => {
    const api = createFakeOppApi(undefined, { environments: [STAGING] });
    api.environments.import.mockResolvedValueOnce({
      file: '/home/admin/envs.json',
      added: ['QA', 'Load test'],
      skipped: [{ name: 'Staging', reason: 'An environment with this name exists already.' }],
    });
    const { user } = renderWithProviders(undefined, { api });
    await row('Staging');
    const listCalls = api.environments.list.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    const report = await screen.findByTestId('import-report');
    expect(report).toHaveTextContent('/home/admin/envs.json');
    expect(report).toHaveTextContent('Added 2 environments: QA, Load test.');
    expect(report).toHaveTextContent('Staging: An environment with this name exists already.');
    await waitFor(() => expect(api.environments.list.mock.calls.length).toBeGreaterThan(listCalls));
    await user.click(within(report).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('import-report')).not.toBeInTheDocument();
  });

  it('shows nothing when the file dialog was cancelled', async () => {
    const { user, api } = renderArea();
    await row('Staging');
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    await waitFor(() => expect(api.environments.import).toHaveBeenCalled());
    expect(screen.queryByTestId('import-report')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains a file that cannot be read', async () => {
    const api = createFakeOppApi();
    api.environments.import.mockRejectedValueOnce(
      new OppError('VALIDATION', 'This file is not JSON. Choose a file exported by OPP Console.'),
    );
    const { user } = renderWithProviders(undefined, { api });
    await user.click(await screen.findByRole('button', { name: 'Import…' }));
    expect(await screen.findByText('The environments were not imported.')).toBeInTheDocument();
  });
});
