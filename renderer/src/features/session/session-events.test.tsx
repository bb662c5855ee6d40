import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../app/query-keys';
import { PRODUCTION, STAGING, createFakeOppApi, sampleSession } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

const PASSWORD = 'Correct-Horse-9!';

function renderSignedIn(area: 'environments' | 'settings' = 'environments') {
  const api = createFakeOppApi(undefined, {
    environments: [STAGING, PRODUCTION],
    sessions: [
      sampleSession('production', {
        username: 'alice',
        capabilities: ['audit_legacy'],
        expiresAt: new Date(Date.now() + 3 * 60_000 + 5_000).toISOString(),
      }),
    ],
  });
  return renderWithProviders(undefined, { api, uiState: { area } });
}

describe('re-authentication in place', () => {
  it('asks for the password over the current screen when a session is about to end', async () => {
    const { user, api, uiStore } = renderSignedIn('settings');
    const interval = await screen.findByLabelText('Audit sync interval (minutes)');
    await user.clear(interval);
    await user.type(interval, '42'); // not saved: must survive the dialog
    const heading = screen.getByRole('heading', { level: 1, name: 'Settings' });
    await waitFor(() => expect(uiStore.getState().selectedEnvironmentId).toBe('production'));
    await waitFor(() => expect(api.session.list).toHaveBeenCalled());

    act(() =>
      api.emit('session.changed', {
        environmentId: 'production',
        reason: 'expiring_soon',
        message: 'Your session ends soon.',
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Session ending on Production' });
    expect(dialog).toHaveTextContent(
      'Your session on Production ends in 3 minutes. Enter your password to stay signed in.',
    );
    const username = within(dialog).getByLabelText('Username');
    expect(username).toHaveValue('alice');
    expect(username).toHaveAttribute('readonly');
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();

    await user.type(within(dialog).getByLabelText('Password'), PASSWORD);
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(api.session.signIn).toHaveBeenCalledWith({
      environmentId: 'production',
      username: 'alice',
      password: PASSWORD,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Signed in again to Production as alice.')).toBeInTheDocument();

    // The screen underneath was never unmounted: same heading element, unsaved value kept.
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBe(heading);
    expect(screen.getByLabelText('Audit sync interval (minutes)')).toHaveValue(42);
  });

  it('says the session ended, and Not now leaves the screen as it was', async () => {
    const { user, api, queryClient } = renderSignedIn();
    const row = await screen.findByRole('listitem', { name: 'Production' });
    expect(await within(row).findByText('Signed in as alice (admin)')).toBeInTheDocument();
    const listCalls = api.session.list.mock.calls.length;
    await api.session.signOut({ environmentId: 'production' }); // main forgets it, then tells

    act(() => api.emit('session.changed', { environmentId: 'production', reason: 'expired' }));
    const dialog = await screen.findByRole('dialog', { name: 'Session ended on Production' });
    expect(dialog).toHaveTextContent(
      'Your session on Production has ended. Enter your password to sign in again.',
    );
    expect(within(dialog).getByLabelText('Username')).toHaveValue('alice');

    // The session queries are refreshed: the row underneath now says signed out.
    await waitFor(() => expect(api.session.list.mock.calls.length).toBeGreaterThan(listCalls));
    await waitFor(() => expect(queryClient.getQueryData(queryKeys.session('production'))).toBeNull());

    await user.click(within(dialog).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('listitem', { name: 'Production' })).getByText('Signed out'),
    ).toBeInTheDocument();
  });

  it("announces a revoked session with main's reason", async () => {
    const { api } = renderSignedIn();
    await screen.findByRole('listitem', { name: 'Production' });
    act(() =>
      api.emit('session.changed', {
        environmentId: 'production',
        reason: 'revoked',
        message: 'The refresh token was used twice, so the server ended every session of this sign-in.',
      }),
    );
    expect(await screen.findByText('Signed out of Production.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The refresh token was used twice, so the server ended every session of this sign-in.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
