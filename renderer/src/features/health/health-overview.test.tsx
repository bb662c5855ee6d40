import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { formatLocalTime } from '../../components/time-words';
import { sampleOverview } from '../../testing/fake-health';
import { renderWithProviders } from '../../testing/render-app';
import { BARE, renderHealth, setDocumentVisibility } from '../../testing/render-health';

// A file's first render warms up the app (and recharts) on a busy machine: allow more than 1 s.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setDocumentVisibility('visible');
});

describe('overview', { timeout: 20_000 }, () => {
  it('shows the components, the targets and the platform’s own summary', async () => {
    renderHealth();
    expect(await screen.findByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
    for (const name of ['Charts', 'Explorer', 'Alerts']) {
      expect(screen.getByRole('tab', { name })).toBeInTheDocument();
    }

    const summary = await screen.findByTestId('health-summary');
    expect(summary).toHaveTextContent('core 5/5 healthy, monitoring 4/4 up');
    expect(summary).toHaveAttribute('data-tone', 'ok');
    for (const name of ['api', 'database', 'cache', 'gateway', 'web']) {
      expect(screen.getByTestId(`component-${name}`)).toHaveAttribute('data-status', 'healthy');
    }
    const api = screen.getByTestId('component-api');
    expect(within(api).getByText('2 ms')).toBeInTheDocument();
    expect(within(api).getByText(/just now/)).toBeInTheDocument();
    for (const job of ['openpolicy-api', 'prometheus', 'alertmanager', 'node-exporter']) {
      expect(screen.getByTestId(`target-${job}`)).toHaveAttribute('data-health', 'up');
    }
    expect(screen.getByTestId('health-as-of')).toHaveTextContent(/^As of /);
  });

  it('turns red when a target is down, amber when a component only warns', async () => {
    const down = sampleOverview();
    const exporter = down.monitoring.targets.find((target) => target.job === 'node-exporter');
    if (exporter === undefined) throw new Error('fixture');
    Object.assign(exporter, { health: 'down', lastError: 'connection refused', lastUpAt: null });
    down.summary = 'core 5/5 healthy, monitoring 3/4 up';
    const { api, user } = renderHealth({ health: { overview: down } });

    const summary = await screen.findByTestId('health-summary');
    expect(summary).toHaveAttribute('data-tone', 'critical');
    expect(summary).toHaveTextContent('Problem');
    expect(summary).toHaveTextContent('monitoring 3/4 up');
    const row = screen.getByTestId('target-node-exporter');
    expect(row).toHaveAttribute('data-health', 'down');
    expect(within(row).getByText('connection refused')).toBeInTheDocument();
    expect(within(row).getByText('never')).toBeInTheDocument();

    const warning = sampleOverview();
    Object.assign(warning.platform.components[1] ?? {}, { status: 'warning', message: 'slow queries' });
    api.health.overview.mockResolvedValue(warning);
    await user.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(screen.getByTestId('health-summary')).toHaveAttribute('data-tone', 'warning'));
    expect(screen.getByTestId('component-database')).toHaveAttribute('data-status', 'warning');
    expect(screen.getByText('slow queries')).toBeInTheDocument();
  });

  it('names what is missing when parts of the answer are', async () => {
    renderHealth({
      health: {
        overview: sampleOverview({
          platform: {
            status: 'unknown',
            components: [],
            problem: 'This server has no comprehensive health.',
          },
          monitoring: { targets: [], problem: 'Prometheus did not answer: connection refused.' },
          summary: 'core unknown, monitoring unknown',
        }),
      },
    });
    expect(await screen.findByText('This server has no comprehensive health.')).toBeInTheDocument();
    expect(screen.getByText('Prometheus did not answer: connection refused.')).toBeInTheDocument();
    expect(screen.getByTestId('health-summary')).toHaveAttribute('data-tone', 'warning');
  });

  it('says offline and shows the last answer with its time', async () => {
    const asOf = new Date(Date.now() - 3 * 3600_000).toISOString();
    renderHealth({ health: { overview: sampleOverview({ asOf, fromCache: true }) } });
    const marker = await screen.findByTestId('health-as-of');
    expect(marker).toHaveTextContent(
      `Offline — showing data as of ${formatLocalTime(new Date(asOf))}, from the offline copy.`,
    );
    expect(marker).toHaveAttribute('data-offline', 'true');
    expect(screen.getByTestId('component-api')).toBeInTheDocument();
  });

  it('shows an error with a way to try again', async () => {
    const error = new OppError('TLS_UNTRUSTED', 'certificate signed by an unknown authority');
    const { api, user } = renderHealth();
    api.health.overview.mockRejectedValueOnce(error);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The health of Monitored could not be loaded.');
    expect(alert).toHaveTextContent('CA file');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('health-summary')).toBeInTheDocument();
  });

  it('refreshes at the chosen interval and pauses while the window is hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { api, user } = renderHealth({
      ui: { refresh: 'off' },
      userOptions: { advanceTimers: vi.advanceTimersByTime.bind(vi) },
    });
    await screen.findByTestId('health-summary');
    expect(api.health.overview).toHaveBeenCalledTimes(1);

    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(api.health.overview).toHaveBeenCalledTimes(1);

    await user.selectOptions(screen.getByLabelText('Refresh every'), '5 s');
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(api.health.overview).toHaveBeenCalledTimes(2);
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(api.health.overview).toHaveBeenCalledTimes(3);

    act(() => setDocumentVisibility('hidden'));
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(api.health.overview).toHaveBeenCalledTimes(3);

    act(() => setDocumentVisibility('visible'));
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(api.health.overview.mock.calls.length).toBeGreaterThan(3);
  });

  it('asks for an environment when there is none', async () => {
    renderWithProviders(undefined, { uiState: { area: 'health' } });
    expect(await screen.findByText('No environment chosen')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open Environments' })).toBeInTheDocument();
  });

  it('explains how to add Prometheus where charts need it', async () => {
    const { user } = renderHealth({ environment: BARE, ui: { tab: 'charts' } });
    expect(await screen.findByText('No Prometheus configured for Bare')).toBeInTheDocument();
    expect(screen.getByText(/choose Edit on Bare and fill in the Prometheus URL/)).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Explorer' }));
    expect(screen.getByText('No Prometheus configured for Bare')).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Alerts' }));
    expect(screen.getByText('No Prometheus or AlertManager configured for Bare')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open Environments' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Environments' })).toBeInTheDocument();
  });
});
