import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { detailPanel, findGrid, renderAuditScreen, shownIds, withinStatus } from '../../testing/audit-screen';
import { createFakeOppApi } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { ROW_HEIGHT } from './audit-table';
import { formatEventTime } from './audit-words';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * ROW_HEIGHT });
});
afterEach(() => restoreLayout());

const MINUTE = 60_000;

describe('audit status strip', { timeout: 20_000 }, () => {
  it('shows how much is held, as of when, and that the chain holds', async () => {
    const lastSyncAt = new Date(Date.now() - 5 * MINUTE).toISOString();
    renderAuditScreen({ count: 1234, lastSyncAt });
    const held = await screen.findByTestId('audit-events-held');
    expect(held).toHaveTextContent('1,234');
    expect(held).toHaveAttribute('data-value', '1234');
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent(
      `Copy as of 5 minutes ago (${formatEventTime(lastSyncAt)})`,
    );
    expect(screen.getByTestId('audit-chain-status')).toHaveTextContent('Chain verified through event 1,234');
    expect(withinStatus().getByRole('button', { name: 'Sync now' })).not.toHaveAttribute('aria-disabled');
  });

  it('shows the copy’s progress from push events, then asks for the status again', async () => {
    const { api } = renderAuditScreen({ count: 100 });
    await screen.findByTestId('audit-events-held');
    act(() =>
      api.emit('sync.progress', {
        environmentId: 'staging',
        task: 'audit_sync',
        done: 12_000,
        total: 100_000,
        eventsPerSecond: 5_000,
        finished: false,
      }),
    );
    expect(
      withinStatus().getByText(
        'Copying: 12,000 of 100,000 events copied · 5,000 events/s · about 18 seconds left',
      ),
    ).toBeInTheDocument();
    expect(withinStatus().getByRole('progressbar', { name: 'Copying' })).toHaveAttribute('value', '12000');
    // While it copies, Sync now waits.
    expect(withinStatus().getByRole('button', { name: 'Sync now' })).toBeDisabled();
    // Another environment's progress is not this one's.
    act(() =>
      api.emit('sync.progress', {
        environmentId: 'production',
        task: 'audit_sync',
        done: 1,
        total: 2,
        eventsPerSecond: null,
        finished: true,
      }),
    );
    expect(withinStatus().getByRole('progressbar', { name: 'Copying' })).toBeInTheDocument();

    const statusCalls = api.audit.status.mock.calls.length;
    act(() =>
      api.emit('sync.progress', {
        environmentId: 'staging',
        task: 'audit_sync',
        done: 100_000,
        total: 100_000,
        eventsPerSecond: 5_000,
        finished: true,
      }),
    );
    expect(withinStatus().queryByRole('progressbar', { name: 'Copying' })).not.toBeInTheDocument();
    await waitFor(() => expect(api.audit.status.mock.calls.length).toBeGreaterThan(statusCalls));
  });

  it('reads the status and the rows again when main says the audit changed', async () => {
    const { api, audit } = renderAuditScreen({ count: 100 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(100));
    audit.append(20);
    act(() => api.emit('cache.invalidated', { environmentId: 'staging', scope: 'audit' }));
    await waitFor(() => expect(screen.getByTestId('audit-events-held')).toHaveTextContent('120'));
    await waitFor(() => expect(shownIds(grid)[0]).toBe(120));
    expect(screen.getByTestId('audit-total')).toHaveTextContent('120');
  });

  it('brings the copy up to date on Sync now, and says when that failed', async () => {
    const { api, user } = renderAuditScreen({ count: 100 });
    await screen.findByTestId('audit-events-held');
    const button = withinStatus().getByRole('button', { name: 'Sync now' });
    await user.click(button);
    await waitFor(() => expect(api.audit.syncNow).toHaveBeenCalledWith({ environmentId: 'staging' }));
    await waitFor(() => expect(screen.getByTestId('audit-as-of')).toHaveTextContent('Copy as of just now'));

    api.audit.syncNow.mockRejectedValueOnce(new OppError('FORBIDDEN', 'Not allowed.'));
    await user.click(button);
    expect(await screen.findByText('The copy was not brought up to date.')).toBeInTheDocument();
  });

  it('says offline, shows the copy as of its last sync, and keeps it readable', async () => {
    const lastSyncAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const { api } = renderAuditScreen({ count: 100, lastSyncAt });
    const grid = await findGrid();
    act(() => api.emit('connectivity.changed', { environmentId: 'staging', online: false }));
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent(
      `Offline, showing the copy as of 3 hours ago (${formatEventTime(lastSyncAt)})`,
    );
    // Sync now stays on while offline: it is the way to try the server again.
    const sync = withinStatus().getByRole('button', { name: 'Sync now' });
    expect(sync).not.toHaveAttribute('aria-disabled');
    await waitFor(() => expect(shownIds(grid)[0]).toBe(100));
    expect(screen.getByRole('button', { name: 'Export CSV' })).not.toHaveAttribute('aria-disabled');

    act(() => api.emit('connectivity.changed', { environmentId: 'staging', online: true }));
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent('Copy as of 3 hours ago');
  });

  it('says offline when Sync now cannot reach the server, until a copy catches up', async () => {
    const lastSyncAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const { api, user, uiStore } = renderAuditScreen({ count: 100, lastSyncAt });
    await screen.findByTestId('audit-events-held');
    api.audit.syncNow.mockRejectedValueOnce(
      new OppError('OFFLINE', 'The platform API at https://staging.example.org cannot be reached.'),
    );
    await user.click(withinStatus().getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('The copy was not brought up to date.')).toBeInTheDocument();
    const offline = `Offline, showing the copy as of 3 hours ago (${formatEventTime(lastSyncAt)})`;
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent(offline);
    expect(screen.getByTestId('audit-as-of')).toHaveAttribute('data-offline', 'true');

    // Still so after a visit to another area.
    act(() => uiStore.getState().showArea('users'));
    act(() => uiStore.getState().showArea('audit'));
    expect(await screen.findByTestId('audit-as-of')).toHaveTextContent(offline);

    // Trying again stays possible (only main's word disables it); when it gets through, online again.
    const sync = withinStatus().getByRole('button', { name: 'Sync now' });
    expect(sync).not.toHaveAttribute('aria-disabled');
    await user.click(sync);
    await waitFor(() => expect(screen.getByTestId('audit-as-of')).toHaveTextContent('Copy as of just now'));
    expect(screen.getByTestId('audit-as-of')).not.toHaveAttribute('data-offline');
  });

  it('does not call a refused Sync now offline', async () => {
    const { api, user } = renderAuditScreen({ count: 100 });
    await screen.findByTestId('audit-events-held');
    api.audit.syncNow.mockRejectedValueOnce(new OppError('FORBIDDEN', 'Not allowed.'));
    await user.click(withinStatus().getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('The copy was not brought up to date.')).toBeInTheDocument();
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent(/^Copy as of /);
  });

  it('says signed out, and that Sync now needs a sign-in', async () => {
    renderAuditScreen({
      count: 100,
      sessions: [],
      lastSyncAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    expect(await screen.findByTestId('audit-as-of')).toHaveTextContent(
      'Signed out, showing the copy as of 2 days ago',
    );
    const sync = withinStatus().getByRole('button', { name: 'Sync now' });
    expect(sync).toHaveAttribute('aria-disabled', 'true');
    expect(sync).toHaveAccessibleDescription('Sign in to this environment to copy its audit log.');
    expect(await findGrid()).toBeInTheDocument();
  });

  it('says what to do when the log was never copied', async () => {
    const { user } = renderAuditScreen({ count: 0, lastSyncAt: null, sessions: [] });
    expect(
      await screen.findByText('The audit log of Staging is not on this computer yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Sign in to this environment to copy its audit log\. Once copied, it stays readable/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('audit-as-of')).toHaveTextContent('Not copied yet');
    expect(screen.getByTestId('audit-events-held')).toHaveTextContent('0');
    expect(screen.queryByRole('grid', { name: 'Audit events' })).not.toBeInTheDocument();
    expect(withinStatus().getByRole('button', { name: 'Verify again' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Sign in to Staging' }));
    expect(await screen.findByRole('dialog', { name: 'Sign in to Staging' })).toBeInTheDocument();
  });

  it('says to add an environment when there is none', async () => {
    const api = createFakeOppApi();
    const { user, uiStore } = renderWithProviders(undefined, { api, uiState: { area: 'audit' } });
    expect(await screen.findByText('No environment chosen')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open Environments' }));
    expect(uiStore.getState().area).toBe('environments');
  });

  it('shows the states of the copy: waiting to retry, failed', async () => {
    const { api } = renderAuditScreen({
      count: 10,
      state: 'backing_off',
      lastError: 'The server asked to wait 30 s.',
    });
    await screen.findByTestId('audit-events-held');
    expect(
      withinStatus().getByText('Waiting to try again: The server asked to wait 30 s.'),
    ).toBeInTheDocument();
    const failed = api.auditStore('staging');
    failed.state = 'error';
    failed.lastError = 'The server answered 500.';
    act(() => api.emit('cache.invalidated', { environmentId: 'staging', scope: 'audit' }));
    expect(
      await withinStatus().findByText('The last copy failed: The server answered 500.'),
    ).toBeInTheDocument();
  });
});

describe('audit chain', { timeout: 20_000 }, () => {
  it('names the events that fail the chain check, since when, and filters to them', async () => {
    const { user, audit, uiStore } = renderAuditScreen({ count: 100, broken: [57, 60] });
    const chain = await screen.findByTestId('audit-chain-status');
    expect(chain).toHaveTextContent(
      `2 events fail the chain check since ${formatEventTime(audit.timestampOf(57))}`,
    );

    await user.click(withinStatus().getByRole('button', { name: 'Show events from the first break' }));
    expect(uiStore.getState().auditViews['staging']).toEqual({
      filter: { from: audit.timestampOf(57) },
      order: 'oldest',
    });
    expect(screen.getByRole('radio', { name: 'Oldest first' })).toBeChecked();
    expect(await screen.findByRole('button', { name: /^Remove filter: Time: since / })).toBeInTheDocument();

    await user.click(withinStatus().getByText('Which events'));
    await user.click(withinStatus().getByRole('button', { name: 'Open event 60' }));
    expect(await detailPanel(60)).toBeInTheDocument();
  });

  it('says when the server does not chain its log, with nothing to verify', async () => {
    renderAuditScreen({ count: 100, chain: 'unchained' });
    expect(await screen.findByTestId('audit-chain-status')).toHaveTextContent(
      'This server does not chain its log',
    );
    const verify = withinStatus().getByRole('button', { name: 'Verify again' });
    expect(verify).toHaveAttribute('aria-disabled', 'true');
    expect(verify).toHaveAccessibleDescription(
      'This server does not chain its log: there is nothing to verify.',
    );
  });

  it('verifies again, with progress', async () => {
    const { api, user } = renderAuditScreen({ count: 1000 });
    let answer: () => void = () => {};
    api.audit.verify.mockImplementationOnce(
      () => new Promise((resolve) => (answer = () => resolve(api.auditStore('staging').status()))),
    );
    await screen.findByTestId('audit-events-held');
    await user.click(withinStatus().getByRole('button', { name: 'Verify again' }));
    expect(api.audit.verify).toHaveBeenCalledWith({ environmentId: 'staging' });
    act(() =>
      api.emit('sync.progress', {
        environmentId: 'staging',
        task: 'audit_verify',
        done: 500,
        total: 1000,
        eventsPerSecond: 250,
        finished: false,
      }),
    );
    expect(
      withinStatus().getByText('Verifying: 500 of 1,000 events · about 2 seconds left'),
    ).toBeInTheDocument();
    expect(withinStatus().getByRole('progressbar', { name: 'Verifying' })).toHaveAttribute('value', '500');
    act(() => {
      api.emit('sync.progress', {
        environmentId: 'staging',
        task: 'audit_verify',
        done: 1000,
        total: 1000,
        eventsPerSecond: 250,
        finished: true,
      });
      answer();
    });
    expect(await screen.findByText('Chain checked.')).toBeInTheDocument();
    expect(withinStatus().queryByRole('progressbar', { name: 'Verifying' })).not.toBeInTheDocument();
  });

  it('keeps the last N days when the horizon is set', async () => {
    const { api, user } = renderAuditScreen({ count: 100 });
    await screen.findByTestId('audit-events-held');
    await user.click(withinStatus().getByRole('button', { name: 'Horizon: everything' }));
    const dialog = await screen.findByRole('dialog', { name: 'Copy horizon' });
    await user.click(within(dialog).getByLabelText('Only recent events'));
    const days = within(dialog).getByLabelText('Days to keep');
    await user.clear(days);
    await user.type(days, '0');
    await user.click(within(dialog).getByRole('button', { name: 'Save horizon' }));
    expect(within(dialog).getByText('Enter a whole number of days from 1 to 3650.')).toBeInTheDocument();
    expect(api.audit.setHorizon).not.toHaveBeenCalled();

    await user.clear(days);
    await user.type(days, '30');
    await user.click(within(dialog).getByRole('button', { name: 'Save horizon' }));
    await waitFor(() =>
      expect(api.audit.setHorizon).toHaveBeenCalledWith({ environmentId: 'staging', days: 30 }),
    );
    expect(await withinStatus().findByRole('button', { name: 'Horizon: last 30 days' })).toBeInTheDocument();
  });
});
