import { configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { sampleAlerts } from '../../testing/fake-health';
import { sampleSession } from '../../testing/fake-opp-api';
import { MONITORED, renderHealth } from '../../testing/render-health';

// A file's first render warms up the app (and recharts) on a busy machine: allow more than 1 s.
configure({ asyncUtilTimeout: 5000 });

const GUEST = sampleSession(MONITORED.id, { username: 'gail', role: 'guest', permissions: ['read'] });

async function alertRow(name: string): Promise<HTMLElement> {
  return screen.findByTestId(`alert-${name}`);
}

describe('alerts', { timeout: 20_000 }, () => {
  it('groups firing and pending alerts by severity, with labels and since when', async () => {
    renderHealth({ ui: { tab: 'alerts' } });
    const critical = await screen.findByRole('region', { name: 'Critical (1)' });
    const targetDown = within(critical).getByTestId('alert-TargetDown');
    expect(targetDown).toHaveAttribute('data-state', 'firing');
    expect(targetDown).toHaveTextContent('node-exporter has been down for 1 minute');
    expect(within(targetDown).getByRole('list', { name: 'Labels' })).toHaveTextContent('job=node-exporter');
    expect(targetDown).toHaveTextContent(/since .*\(42 min ago\)/);

    const warning = screen.getByRole('region', { name: 'Warning (1)' });
    expect(within(warning).getByTestId('alert-HighLatencyP95')).toHaveAttribute('data-state', 'pending');
    expect(
      within(screen.getByRole('region', { name: 'Info (1)' })).getByTestId('alert-ConfigReloaded'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /^Other/ })).not.toBeInTheDocument();

    const silenced = screen.getByRole('region', { name: 'Silenced (1)' });
    const disk = within(silenced).getByTestId('alert-DiskAlmostFull');
    expect(disk).toHaveAttribute('data-state', 'suppressed');
    expect(disk).toHaveTextContent('Silence silence-1 by bob');
    expect(disk).toHaveTextContent('“Cleanup running”');

    const rules = screen.getByRole('region', { name: 'Rules (2)' });
    expect(within(rules).getByTestId('rule-TargetDown')).toHaveAttribute('data-state', 'firing');
    expect(within(rules).getByTestId('rule-HighErrorRatio')).toHaveTextContent('Inactive');
    expect(screen.getByTestId('health-as-of')).toHaveTextContent(/^As of/);
  });

  it('puts unknown severities under Other', async () => {
    const alerts = sampleAlerts();
    alerts.alerts = alerts.alerts.map((alert) =>
      alert.name === 'ConfigReloaded' ? { ...alert, severity: 'page' } : alert,
    );
    renderHealth({ ui: { tab: 'alerts' }, health: { alerts } });
    const other = await screen.findByRole('region', { name: 'Other (1)' });
    expect(within(other).getByTestId('alert-ConfigReloaded')).toBeInTheDocument();
  });

  it('silences an alert: comment required, exactly its labels, the duration chosen; shows the result', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'alerts' } });
    await user.click(within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' }));

    const dialog = screen.getByRole('dialog', { name: 'Silence TargetDown' });
    expect(within(dialog).getByRole('radiogroup', { name: 'Duration' })).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: '1 h' })).toBeChecked();
    const matchers = within(dialog).getByRole('list', { name: 'Matchers' });
    expect(
      within(matchers)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'alertname="TargetDown"',
      'instance="node:9100"',
      'job="node-exporter"',
      'severity="critical"',
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    const comment = within(dialog).getByLabelText('Comment');
    expect(comment).toHaveAttribute('aria-invalid', 'true');
    expect(comment).toHaveAccessibleDescription('Say why: the comment is shown to everyone on call.');
    expect(api.health.silence).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('radio', { name: '4 h' }));
    await user.type(comment, 'Exporter host rebooting');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));

    await waitFor(() => expect(api.health.silence).toHaveBeenCalledTimes(1));
    expect(api.health.silence).toHaveBeenCalledWith({
      environmentId: MONITORED.id,
      matchers: [
        { name: 'alertname', value: 'TargetDown', isRegex: false },
        { name: 'instance', value: 'node:9100', isRegex: false },
        { name: 'job', value: 'node-exporter', isRegex: false },
        { name: 'severity', value: 'critical', isRegex: false },
      ],
      durationMinutes: 240,
      comment: 'Exporter host rebooting',
    });
    expect(
      await screen.findByText('TargetDown silenced.', { selector: '.toast__title' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Silence silence-2 holds until/, { selector: '.toast__description' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('alert-TargetDown')).toHaveAttribute('data-state', 'suppressed'),
    );
    expect(screen.getByRole('region', { name: 'Silenced (2)' })).toBeInTheDocument();
  });

  it('takes a custom duration and checks it', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'alerts' } });
    await user.click(within(await alertRow('HighLatencyP95')).getByRole('button', { name: 'Silence' }));
    const dialog = screen.getByRole('dialog', { name: 'Silence HighLatencyP95' });
    await user.click(within(dialog).getByRole('radio', { name: 'Custom' }));
    const amount = within(dialog).getByLabelText('Custom duration');
    await user.clear(amount);
    await user.type(amount, '0');
    await user.type(within(dialog).getByLabelText('Comment'), 'Load test');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    expect(within(dialog).getByText('Silence for at least a minute.')).toBeInTheDocument();
    expect(api.health.silence).not.toHaveBeenCalled();

    await user.clear(amount);
    await user.type(amount, '30');
    await user.selectOptions(within(dialog).getByLabelText('Unit'), 'minutes');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    await waitFor(() =>
      expect(api.health.silence).toHaveBeenCalledWith(expect.objectContaining({ durationMinutes: 30 })),
    );
  });

  it('keeps the dialog open with the reason when AlertManager refuses', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'alerts' } });
    api.health.silence.mockRejectedValueOnce(new OppError('UPSTREAM', 'AlertManager answered 500.'));
    await user.click(within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' }));
    const dialog = screen.getByRole('dialog', { name: 'Silence TargetDown' });
    await user.type(within(dialog).getByLabelText('Comment'), 'Rebooting');
    await user.click(within(dialog).getByRole('button', { name: 'Create silence' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The silence was not created.');
    expect(alert).toHaveTextContent('AlertManager answered 500.');
    expect(screen.getByRole('dialog', { name: 'Silence TargetDown' })).toBeInTheDocument();
  });

  it('expires a silence only after asking', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'alerts' } });
    const disk = await alertRow('DiskAlmostFull');
    await user.click(within(disk).getByRole('button', { name: 'Expire silence' }));
    let confirm = screen.getByRole('alertdialog', { name: 'Expire this silence?' });
    expect(confirm).toHaveTextContent('Cleanup running');
    expect(confirm).toHaveTextContent('mountpoint="/"');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(api.health.expireSilence).not.toHaveBeenCalled();

    await user.click(within(disk).getByRole('button', { name: 'Expire silence' }));
    confirm = screen.getByRole('alertdialog', { name: 'Expire this silence?' });
    await user.click(within(confirm).getByRole('button', { name: 'Expire now' }));
    await waitFor(() =>
      expect(api.health.expireSilence).toHaveBeenCalledWith({
        environmentId: MONITORED.id,
        silenceId: 'silence-1',
      }),
    );
    expect(
      await screen.findByText('Silence silence-1 expired.', { selector: '.toast__title' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('alert-DiskAlmostFull')).toHaveAttribute('data-state', 'firing'),
    );
    expect(screen.queryByRole('region', { name: /^Silenced/ })).not.toBeInTheDocument();
  });

  it('tells a guest why silencing is off', async () => {
    const { user, api } = renderHealth({ ui: { tab: 'alerts' }, session: GUEST });
    const silence = within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' });
    await waitFor(() => expect(silence).toHaveAttribute('aria-disabled', 'true'));
    expect(silence).toHaveAccessibleDescription('Your role (guest) lacks the admin permission.');
    await user.click(silence);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const expire = within(screen.getByTestId('alert-DiskAlmostFull')).getByRole('button', {
      name: 'Expire silence',
    });
    expect(expire).toHaveAccessibleDescription('Your role (guest) lacks the admin permission.');
    await user.click(expire);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.health.expireSilence).not.toHaveBeenCalled();
  });

  it('asks to sign in first when signed out', async () => {
    renderHealth({ ui: { tab: 'alerts' }, session: null });
    const silence = within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' });
    expect(silence).toHaveAccessibleDescription('Sign in to this environment first.');
  });

  it('offline, shows the last alerts with their time and keeps silences for later', async () => {
    const asOf = new Date(Date.now() - 3600_000).toISOString();
    renderHealth({ ui: { tab: 'alerts' }, health: { alerts: sampleAlerts({ asOf, fromCache: true }) } });
    const silence = within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' });
    expect(screen.getByTestId('health-as-of')).toHaveTextContent(/^Offline — showing data as of/);
    expect(silence).toHaveAccessibleDescription(/^Offline/);
  });

  it('says silences need AlertManager where alerts come from Prometheus', async () => {
    const environment = { ...MONITORED, alertmanager: null };
    renderHealth({
      ui: { tab: 'alerts' },
      environment,
      health: { alerts: sampleAlerts({ source: 'prometheus', silences: [] }) },
    });
    const silence = within(await alertRow('TargetDown')).getByRole('button', { name: 'Silence' });
    expect(silence).toHaveAccessibleDescription(/add its address in this environment’s settings/);
    expect(screen.getByText(/From Prometheus: this environment has no AlertManager/)).toBeInTheDocument();
  });
});
