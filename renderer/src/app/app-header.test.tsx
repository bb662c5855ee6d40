import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  PRODUCTION,
  STAGING,
  createFakeOppApi,
  sampleEnvironment,
  sampleSession,
  type FakeSeed,
} from '../testing/fake-opp-api';
import { renderWithProviders } from '../testing/render-app';

const QA = sampleEnvironment({ id: 'qa', name: 'QA', colour: 'amber' });

function renderApp(seed: FakeSeed, uiState = {}) {
  return renderWithProviders(undefined, { api: createFakeOppApi(undefined, seed), uiState });
}

function switcher(): HTMLElement {
  return screen.getByRole('combobox', { name: 'Active environment' });
}

describe('active environment', () => {
  it('starts with the first environment that has a session', async () => {
    const { uiStore } = renderApp({
      environments: [STAGING, QA, PRODUCTION],
      sessions: [sampleSession('production', { username: 'carol', role: 'auditor' })],
    });
    await waitFor(() => expect(uiStore.getState().selectedEnvironmentId).toBe('production'));
    expect(await screen.findByRole('combobox', { name: 'Active environment' })).toHaveTextContent(
      'Production',
    );
    expect(await screen.findByTestId('session-user')).toHaveTextContent('carol · auditor');
  });

  it('starts with the first environment when none has a session', async () => {
    const { uiStore } = renderApp({ environments: [QA, STAGING] });
    await waitFor(() => expect(uiStore.getState().selectedEnvironmentId).toBe('qa'));
    expect(await screen.findByText('Signed out', { selector: 'header *' })).toBeInTheDocument();
    expect(screen.queryByTestId('session-user')).not.toBeInTheDocument();
  });

  it('says so when there are no environments', async () => {
    const { uiStore } = renderApp({});
    expect(await screen.findByText('No environments yet', { selector: 'header *' })).toBeInTheDocument();
    expect(uiStore.getState().selectedEnvironmentId).toBeNull();
  });

  it('switches environment from the header, keeping every session', async () => {
    const { user, api, uiStore } = renderApp({
      environments: [STAGING, PRODUCTION],
      sessions: [sampleSession('staging'), sampleSession('production', { username: 'bob', role: 'manager' })],
    });
    expect(await screen.findByTestId('session-user')).toHaveTextContent('alice · admin');

    await user.click(switcher());
    const listbox = screen.getByRole('listbox');
    const option = within(listbox).getByRole('option', { name: 'Production' });
    expect(option).toHaveTextContent('Signed in as bob (manager)');
    expect(option).toHaveTextContent('Production');
    await user.click(option);

    expect(uiStore.getState().selectedEnvironmentId).toBe('production');
    expect(switcher()).toHaveTextContent('Production');
    expect(await screen.findByTestId('session-user')).toHaveTextContent('bob · manager');
    expect(api.session.signOut).not.toHaveBeenCalled();
    const stagingRow = screen.getByRole('listitem', { name: 'Staging' });
    expect(within(stagingRow).getByText('Signed in as alice (admin)')).toBeInTheDocument();
  });

  it('picks another environment when the active one is deleted', async () => {
    const { user, uiStore } = renderApp(
      { environments: [STAGING, QA] },
      { selectedEnvironmentId: 'staging' },
    );
    const row = await screen.findByRole('listitem', { name: 'Staging' });
    await user.click(within(row).getByRole('button', { name: /^Delete/ }));
    await user.click(screen.getByRole('button', { name: 'Delete environment' }));
    await waitFor(() => expect(uiStore.getState().selectedEnvironmentId).toBe('qa'));
  });

  it('signs out from the header menu', async () => {
    const { user, api } = renderApp({ environments: [STAGING], sessions: [sampleSession('staging')] });
    await user.click(await screen.findByRole('button', { name: 'Signed in as alice · admin' }));
    await user.click(screen.getByRole('menuitem', { name: 'Sign out of Staging' }));
    expect(api.session.signOut).toHaveBeenCalledWith({ environmentId: 'staging' });
    expect(await screen.findByText('Signed out', { selector: 'header *' })).toBeInTheDocument();
    expect(screen.queryByTestId('session-user')).not.toBeInTheDocument();
  });
});

describe('production marker', () => {
  it('marks the whole window only while a production environment is active', async () => {
    const { user, container } = renderApp(
      { environments: [STAGING, PRODUCTION] },
      { selectedEnvironmentId: 'staging' },
    );
    await screen.findByRole('combobox', { name: 'Active environment' });
    expect(screen.queryByTestId('production-marker')).not.toBeInTheDocument();
    expect(container.querySelector('.app-shell')).toHaveAttribute('data-production', 'false');

    await user.click(switcher());
    await user.click(screen.getByRole('option', { name: 'Production' }));
    const marker = await screen.findByTestId('production-marker');
    expect(marker).toHaveTextContent('PRODUCTION');
    expect(within(screen.getByRole('banner')).getByTestId('production-marker')).toBe(marker);
    const shell = container.querySelector<HTMLElement>('.app-shell');
    expect(shell).toHaveAttribute('data-production', 'true');
    expect(shell?.style.getPropertyValue('--environment-colour')).toBe('var(--env-red)');
    expect(container.querySelector('.production-frame')).toBeInTheDocument();

    await user.click(switcher());
    await user.click(screen.getByRole('option', { name: 'Staging' }));
    await waitFor(() => expect(screen.queryByTestId('production-marker')).not.toBeInTheDocument());
    expect(container.querySelector('.production-frame')).not.toBeInTheDocument();
  });
});

describe('memory-only sessions', () => {
  it('says so once in a notification and keeps a marker with the reason', async () => {
    const api = createFakeOppApi(undefined, {
      environments: [STAGING],
      keychain: { backend: 'memory', reason: 'No Secret Service answered on D-Bus.' },
    });
    const { queryClient } = renderWithProviders(undefined, { api });
    const marker = await screen.findByTestId('memory-only-marker');
    expect(marker).toHaveTextContent('Sessions in memory only');
    expect(await screen.findByText('Sign-ins are kept in memory only.')).toBeInTheDocument();

    // The reason is reachable by keyboard: the marker takes focus and shows it.
    const user = userEvent.setup();
    while (document.activeElement !== marker) await user.tab();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('No Secret Service answered on D-Bus.');

    // Asked again (main invalidates it) with other words, it is still told only once.
    api.session.keychainStatus.mockResolvedValueOnce({ backend: 'memory', reason: 'The keyring is locked.' });
    await act(() => queryClient.invalidateQueries());
    await waitFor(() => expect(api.session.keychainStatus).toHaveBeenCalledTimes(2));
    await user.hover(marker);
    await waitFor(() => expect(screen.getByRole('tooltip')).toHaveTextContent('The keyring is locked.'));
    expect(screen.getAllByText('Sign-ins are kept in memory only.')).toHaveLength(1);
  });

  it('shows nothing when the keychain works', async () => {
    const { api } = renderApp({ environments: [STAGING] });
    await waitFor(() => expect(api.session.keychainStatus).toHaveBeenCalled());
    await screen.findByRole('combobox', { name: 'Active environment' });
    expect(screen.queryByTestId('memory-only-marker')).not.toBeInTheDocument();
    expect(screen.queryByText('Sign-ins are kept in memory only.')).not.toBeInTheDocument();
  });
});
