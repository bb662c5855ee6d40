import type { Locator, Page } from '@playwright/test';
import { HEALTH_PANELS } from '../../shared/health-panels';
import { startHarness, type RunningHarness } from '../harness/server';
import { findBinaries, MissingBinaryError } from '../monitoring/binaries';
import { ALL_COMPONENTS, startMonitoring, type RunningMonitoring } from '../monitoring/index';
import { startLoad, type RunningLoad } from '../monitoring/load';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { expect, test as base } from './fixtures';

/*
 * Live health end to end: the reference platform scraped every second by the Debian packages'
 * Prometheus, with AlertManager and node exporter, watched through the harness in Chromium. The
 * outage is node exporter frozen with SIGSTOP (a target that stops answering, as a hung host
 * does) and thawed with SIGCONT, so the same target comes back and its series show the gap.
 */

const ENVIRONMENT = 'Health lab';
const SCRAPE_SECONDS = 1;
const REFRESH_MS = 5_000;
/** A refresh, plus a failed scrape (its 1 s timeout) and Prometheus' rule/alert hand-offs, plus slack for a busy machine. */
const WITHIN_A_REFRESH = REFRESH_MS + 2 * SCRAPE_SECONDS * 1000 + 5_000;
const COMPONENTS = ['api', 'database', 'cache', 'gateway', 'web'];
const JOBS = ['alertmanager', 'node-exporter', 'openpolicy-api', 'prometheus'];

function monitoringMissing(): string | null {
  try {
    findBinaries([...ALL_COMPONENTS]);
    return null;
  } catch (error) {
    if (error instanceof MissingBinaryError) return error.message;
    throw error;
  }
}
const missing = monitoringMissing();

interface Stack {
  platform: RunningPlatform;
  monitoring: RunningMonitoring;
  load: RunningLoad;
  /** This spec's own console: its environment, session and offline copy go away with it. */
  harness: RunningHarness;
  nodeExporterPid: number;
}

/**
 * Everything is per test and stopped here, whatever happened: the test stops the platform and
 * Prometheus itself (offline), which must not leak into other spec files' shared fixtures.
 */
const test = base.extend<{ stack: Stack }>({
  stack: async ({ page }, use) => {
    const cleanups: (() => Promise<void> | void)[] = [];
    try {
      const platform = await startPlatform();
      cleanups.push(() => platform.stop());
      const monitoring = await startMonitoring({
        platformTarget: `127.0.0.1:${platform.port}`,
        scrapeIntervalSeconds: SCRAPE_SECONDS,
        // Seconds instead of minutes, so that OPPTargetDown fires within the test.
        ruleTiming: { for: '2s', rateWindow: '10s' },
      });
      cleanups.push(() => monitoring.stop());
      const nodeExporterPid = monitoring.processes.find((p) => p.name === 'node-exporter')?.pid;
      if (nodeExporterPid === undefined) throw new Error('node exporter did not start');
      // A frozen process ignores SIGTERM until it is thawed: thaw it before the stop, in case the test failed mid-outage.
      cleanups.push(() => resume(nodeExporterPid));
      const load = startLoad({
        baseUrl: platform.url,
        username: 'admin',
        password: platform.password,
        requestsPerSecond: 3,
      });
      cleanups.push(() => load.stop());
      const harness = await startHarness();
      cleanups.push(() => harness.stop());
      await use({ platform, monitoring, load, harness, nodeExporterPid });
    } finally {
      // Off the harness first: a page left on it would log its event stream's refused reconnections.
      await page.goto('about:blank');
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  },
});

function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // Already gone: nothing to thaw.
  }
}

async function addMonitoredEnvironment(page: Page, platform: RunningPlatform, monitoring: RunningMonitoring) {
  await page.getByRole('navigation').getByRole('button', { name: 'Environments', exact: true }).click();
  await page.getByRole('button', { name: 'Add environment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add environment' });
  await dialog.getByLabel('Name', { exact: true }).fill(ENVIRONMENT);
  await dialog.getByLabel('API base URL').fill(platform.url);
  await dialog.getByLabel('Prometheus URL').fill(monitoring.prometheusUrl);
  await dialog.getByLabel('AlertManager URL').fill(monitoring.alertmanagerUrl);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('connection-check-api')).toContainText(/OPP .*healthy/);
  await expect(dialog.getByTestId('connection-check-prometheus')).toHaveAttribute('data-outcome', 'ok');
  await expect(dialog.getByTestId('connection-check-alertmanager')).toHaveAttribute('data-outcome', 'ok');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  // An admin: silences need the alerts.silence permission.
  await page
    .getByRole('listitem', { name: ENVIRONMENT, exact: true })
    .getByRole('button', { name: /^Sign in/ })
    .click();
  const signIn = page.getByRole('dialog', { name: `Sign in to ${ENVIRONMENT}` });
  await signIn.getByLabel('Username').fill('admin');
  await signIn.getByLabel('Password').fill(platform.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn).toBeHidden();

  await page.getByLabel('Active environment').click();
  await page.getByRole('option', { name: new RegExp(ENVIRONMENT) }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Health', exact: true }).click();
}

/** The `d` of every line drawn in a chart. */
function curves(chart: Locator): Promise<string[]> {
  return chart
    .locator('path.recharts-line-curve')
    .evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? ''));
}

/** Points of a path: each M (a piece starts) and L (a point joined to the one before). */
const pointsOf = (d: string): number => (d.match(/[ML]/g) ?? []).length;
/** Pieces of a path: a line broken by a gap has one M per piece. */
const piecesOf = (d: string): number => (d.match(/M/g) ?? []).length;

/** How wide the drawn lines of a chart are, in pixels: how much of the time axis has data. */
function drawnWidth(chart: Locator): Promise<number> {
  return chart
    .locator('path.recharts-line-curve')
    .evaluateAll((paths) =>
      Math.max(0, ...paths.map((path) => (path as SVGGraphicsElement).getBBox().width)),
    );
}

test.skip(missing !== null, `Prometheus, AlertManager or node exporter is not installed: ${missing ?? ''}`);

test('live health: overview, charts and ranges, a target outage, a silence, and offline', async ({
  page,
  stack,
}) => {
  test.setTimeout(170_000);
  const { platform, monitoring, load, harness, nodeExporterPid } = stack;
  await page.goto(harness.url);
  await addMonitoredEnvironment(page, platform, monitoring);
  const tab = (name: string): Locator => page.getByRole('tab', { name, exact: true });
  const summary = page.getByTestId('health-summary');
  const asOf = page.getByTestId('health-as-of');

  await test.step('the overview lists the core components and the scrape targets, all well', async () => {
    await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
    // Prometheus reports a target "unknown" until its first scrape.
    await expect(summary).toHaveAttribute('data-tone', 'ok', { timeout: 20_000 });
    await expect(summary).toContainText('core 5/5 healthy, monitoring 4/4 up');
    for (const name of COMPONENTS) {
      await expect(page.getByTestId(`component-${name}`)).toHaveAttribute('data-status', 'healthy');
    }
    for (const job of JOBS)
      await expect(page.getByTestId(`target-${job}`)).toHaveAttribute('data-health', 'up');
    await expect(page.getByTestId('target-openpolicy-api')).toHaveAttribute(
      'data-instance',
      `127.0.0.1:${platform.port}`,
    );
    await expect(asOf).toHaveAttribute('data-offline', 'false');
  });

  const requestRate = page.getByTestId('panel-request_rate');
  await test.step('every panel draws lines from the live data', async () => {
    // The live refresh brings each new scrape to the charts (the default, 30 s, is too slow to wait for).
    await page.getByLabel('Refresh every').selectOption({ label: '5 s' });
    await tab('Charts').click();
    for (const panel of HEALTH_PANELS) {
      const chart = page.getByTestId(`panel-${panel.id}`);
      await expect(page.getByRole('figure', { name: panel.title, exact: true })).toHaveAttribute(
        'data-testid',
        `panel-${panel.id}`,
      );
      await expect
        .poll(async () => Math.max(0, ...(await curves(chart)).map(pointsOf)), {
          message: `${panel.id} draws a line of several points`,
          timeout: 30_000,
        })
        .toBeGreaterThanOrEqual(2);
    }
  });

  await test.step('a shorter range redraws the lines over it', async () => {
    const group = page.getByRole('group', { name: 'Time range' });
    await expect(group.getByRole('button', { name: '1h', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByText('Last hour', { exact: true })).toBeVisible();
    const hourWide = await drawnWidth(requestRate);
    const hourPaths = await curves(requestRate);
    await group.getByRole('button', { name: '5m', exact: true }).click();
    await expect(group.getByRole('button', { name: '5m', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByText('Last 5 minutes', { exact: true })).toBeVisible();
    // The data is a minute or so old: a sliver of the hour, a good part of 5 minutes (12 times as wide).
    await expect.poll(() => drawnWidth(requestRate), { timeout: 15_000 }).toBeGreaterThan(4 * hourWide);
    expect(await curves(requestRate)).not.toEqual(hourPaths);
  });

  await test.step('hovering a chart shows each line’s value at that time', async () => {
    const plot = await requestRate.locator('.recharts-cartesian-grid').boundingBox();
    if (plot === null) throw new Error('the request rate chart has no plot area');
    // Near the right edge: the newest points, where every status class has data.
    await page.mouse.move(plot.x + plot.width - 4, plot.y + plot.height / 2);
    const tooltip = requestRate.locator('.recharts-tooltip-wrapper');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText('2xx');
    await expect(tooltip).toContainText(/\d req\/s/);
    await page.mouse.move(0, 0);
  });

  await test.step('with a 5 s refresh, a target that stops answering turns the overview red', async () => {
    await expect(page.getByLabel('Refresh every')).toHaveValue('5s');
    await tab('Overview').click();
    await expect(summary).toHaveAttribute('data-tone', 'ok');
    process.kill(nodeExporterPid, 'SIGSTOP');
    // Nobody clicks anything: the refresh must bring it.
    await expect(page.getByTestId('target-node-exporter')).toHaveAttribute('data-health', 'down', {
      timeout: WITHIN_A_REFRESH,
    });
    await expect(summary).toHaveAttribute('data-tone', 'critical');
    await expect(summary).toContainText('monitoring 3/4 up');
    await expect(page.getByTestId('target-openpolicy-api')).toHaveAttribute('data-health', 'up');
  });

  await test.step('the target-down alert fires, is silenced, and its silence expired', async () => {
    await tab('Alerts').click();
    const alert = page.getByTestId('alert-OPPTargetDown');
    // for: 2s, then Prometheus hands it to AlertManager, then the next refresh shows it.
    await expect(alert).toHaveAttribute('data-state', 'firing', { timeout: 20_000 });
    await expect(alert).toHaveAttribute('data-severity', 'critical');
    await expect(alert).toContainText('Target node-exporter is down');

    await alert.getByRole('button', { name: 'Silence' }).click();
    const dialog = page.getByRole('dialog', { name: 'Silence OPPTargetDown' });
    await expect(dialog.getByRole('radio', { name: '1 h' })).toBeChecked();
    await dialog.getByRole('radio', { name: '4 h' }).click();
    await expect(dialog.getByRole('radio', { name: '4 h' })).toBeChecked();
    await expect(dialog.getByRole('list', { name: 'Matchers' })).toContainText('job="node-exporter"');
    await dialog.getByLabel('Comment').fill('Node exporter frozen by the health e2e test.');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await expect(dialog).toBeHidden();
    await expect(alert).toHaveAttribute('data-state', 'suppressed');
    await expect(alert).toContainText('Node exporter frozen by the health e2e test.');

    await alert.getByRole('button', { name: 'Expire silence' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Expire this silence?' });
    await confirm.getByRole('button', { name: 'Expire now' }).click();
    await expect(confirm).toBeHidden();
    await expect(alert).toHaveAttribute('data-state', 'firing');
  });

  await test.step('the target comes back, and its outage is a gap in its lines, not a bridge', async () => {
    resume(nodeExporterPid);
    await tab('Overview').click();
    await expect(page.getByTestId('target-node-exporter')).toHaveAttribute('data-health', 'up', {
      timeout: WITHIN_A_REFRESH,
    });
    await expect(summary).toHaveAttribute('data-tone', 'ok');

    // Memory reads node exporter's gauges directly: no samples while it was frozen.
    await tab('Charts').click();
    const memory = page.getByTestId('panel-memory');
    await expect.poll(async () => (await curves(memory)).map(piecesOf), { timeout: 20_000 }).toEqual([2]);

    await tab('Explorer').click();
    await page.getByLabel('PromQL query').fill('node_boot_time_seconds');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('explorer-result');
    await expect.poll(async () => (await curves(result)).map(piecesOf), { timeout: 20_000 }).toEqual([2]);
  });

  await test.step('offline, the overview and the charts show the last data, with its time', async () => {
    // Refresh off, so that the answer on screen is the last one fetched before the servers stop.
    await page.getByLabel('Refresh every').selectOption({ label: 'Off' });
    await tab('Overview').click();
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(asOf).toHaveAttribute('data-offline', 'false');
    await expect(summary).toHaveAttribute('data-tone', 'ok');
    const onlineText = (await asOf.textContent()) ?? '';
    const shownTime = /^As of (.+)$/.exec(onlineText)?.[1];
    expect(shownTime, `"${onlineText}" names a time`).toBeTruthy();

    await load.stop();
    await monitoring.stop();
    await platform.stop();
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(asOf).toHaveAttribute('data-offline', 'true');
    await expect(asOf).toHaveText(`Offline — showing data as of ${shownTime}, from the offline copy.`);
    await expect(summary).toContainText('core 5/5 healthy, monitoring 4/4 up');
    for (const name of COMPONENTS) await expect(page.getByTestId(`component-${name}`)).toBeVisible();

    await tab('Charts').click();
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(asOf).toHaveAttribute('data-offline', 'true');
    await expect(asOf).toContainText('Offline — showing data as of');
    for (const panel of HEALTH_PANELS) {
      const lines = await curves(page.getByTestId(`panel-${panel.id}`));
      expect(Math.max(0, ...lines.map(pointsOf)), `${panel.id} still drawn offline`).toBeGreaterThanOrEqual(
        2,
      );
    }
  });
});
