import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../platform/index';
import type { RunningPlatform } from '../platform/index';
import { alertmanagerAlerts, promQuery } from './fixtures/helpers';
import type { AlertmanagerAlert } from './fixtures/helpers';
import { startMonitoring } from './index';
import type { RunningMonitoring } from './index';
import { pollUntil } from './poll';

const JOBS = ['openpolicy-api', 'prometheus', 'alertmanager', 'node-exporter'];

function platformAlert(name: string): (alert: AlertmanagerAlert) => boolean {
  return (alert) => alert.labels['alertname'] === name && alert.labels['job'] === 'openpolicy-api';
}

async function request(url: string, expectedStatus: number, init?: RequestInit): Promise<void> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  expect(response.status, `${init?.method ?? 'GET'} ${url}`).toBe(expectedStatus);
}

async function failedLogin(platform: RunningPlatform): Promise<void> {
  await request(`${platform.url}/api/v1/auth/login`, 401, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'monitoring-test-nobody', password: 'Wrong-password-1!' }),
  });
}

/** The sum of a counter as Prometheus has stored it, once it reaches `atLeast`. */
async function waitForCounter(prometheusUrl: string, selector: string, atLeast: number): Promise<number> {
  return pollUntil(
    async () => {
      const [sample] = await promQuery(prometheusUrl, `sum(${selector})`);
      const value = Number(sample?.value[1]);
      return value >= atLeast ? value : undefined;
    },
    { description: `sum(${selector}) >= ${atLeast} in Prometheus`, timeoutMs: 10_000 },
  );
}

describe('monitoring stack watching the reference platform', () => {
  let platform: RunningPlatform | undefined;
  let monitoring: RunningMonitoring | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    monitoring = await startMonitoring({
      platformTarget: `127.0.0.1:${platform.port}`,
      scrapeIntervalSeconds: 1,
      // Seconds instead of minutes, so alerts fire within the test.
      ruleTiming: { for: '2s', rateWindow: '10s' },
    });
  });

  afterAll(async () => {
    await monitoring?.stop();
    await platform?.stop();
  });

  function running(): { platform: RunningPlatform; monitoring: RunningMonitoring } {
    if (platform === undefined || monitoring === undefined) throw new Error('beforeAll did not finish');
    return { platform, monitoring };
  }

  async function waitForAlert(name: string): Promise<AlertmanagerAlert> {
    const { monitoring } = running();
    return pollUntil(
      async () => (await alertmanagerAlerts(monitoring.alertmanagerUrl)).find(platformAlert(name)),
      { description: `${name} for openpolicy-api in GET /api/v2/alerts`, timeoutMs: 20_000 },
    );
  }

  async function expectNotAlerting(name: string): Promise<void> {
    const { monitoring } = running();
    expect((await alertmanagerAlerts(monitoring.alertmanagerUrl)).filter(platformAlert(name))).toEqual([]);
  }

  it('scrapes the platform, Prometheus, AlertManager and node exporter', async () => {
    const { monitoring } = running();
    const up = await pollUntil(
      async () => {
        const samples = await promQuery(monitoring.prometheusUrl, 'up == 1');
        const jobs = samples.map((sample) => sample.metric['job']);
        return JOBS.every((job) => jobs.includes(job)) ? jobs : undefined;
      },
      { description: 'up == 1 for every job', timeoutMs: 15_000 },
    );
    expect(up.sort()).toEqual([...JOBS].sort());
  });

  it("stores the platform's request and sign-in series, and the recording rules use them", async () => {
    const { platform, monitoring } = running();
    const health =
      'http_requests_total{job="openpolicy-api", method="GET", route="/api/v1/health", status="200"}';
    const rejected = 'http_requests_total{job="openpolicy-api", route="/api/v1/auth/login", status="401"}';
    // The platform creates a series on its first request; rate() only counts increases that
    // Prometheus has seen, so a second round follows once the first one has been scraped.
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < 3; i++) await request(`${platform.url}/api/v1/health`, 200);
      await failedLogin(platform);
      expect(await waitForCounter(monitoring.prometheusUrl, health, 3 * round)).toBe(3 * round);
      expect(await waitForCounter(monitoring.prometheusUrl, rejected, round)).toBe(round);
    }
    const failures = await promQuery(
      monitoring.prometheusUrl,
      'opp_login_attempts_total{job="openpolicy-api", outcome="failure"}',
    );
    expect(Number(failures[0]?.value[1])).toBe(2);

    const classes = await pollUntil(
      async () => {
        const samples = await promQuery(
          monitoring.prometheusUrl,
          'job_status_class:http_requests:rate5m{job="openpolicy-api"} > 0',
        );
        const found = samples.map((sample) => sample.metric['status_class']);
        return found.includes('2xx') && found.includes('4xx') ? found : undefined;
      },
      { description: '2xx and 4xx request rates from the recording rule', timeoutMs: 10_000 },
    );
    expect(classes).not.toContain('5xx');
    // Polled as well: a query can fall between two rules of one group's evaluation.
    const p95 = await pollUntil(
      async () => {
        const [sample] = await promQuery(
          monitoring.prometheusUrl,
          'job:http_request_duration_seconds:p95_5m{job="openpolicy-api"}',
        );
        const seconds = Number(sample?.value[1]);
        return seconds > 0 ? seconds : undefined;
      },
      { description: 'a p95 latency from the recording rule', timeoutMs: 10_000 },
    );
    // Local requests, so well under the 10 s bucket; NaN or +Inf would mean broken buckets.
    expect(p95).toBeLessThan(10);
  });

  it('delivers OPPHighErrorRatio to AlertManager when the API answers 500', async () => {
    const { platform, monitoring } = running();
    await expectNotAlerting('OPPHighErrorRatio');
    const errors = 'http_requests_total{job="openpolicy-api", route="/api/v1/users", status="500"}';
    // The fault injector answers 500 before authentication, so no token is needed. As above,
    // the 500 series must exist in Prometheus before the burst that rate() should see.
    platform.setFaults('error500=1,path=/api/v1/users');
    await request(`${platform.url}/api/v1/users`, 500);
    await waitForCounter(monitoring.prometheusUrl, errors, 1);
    for (let i = 0; i < 9; i++) await request(`${platform.url}/api/v1/users`, 500);
    platform.setFaults('');

    const alert = await waitForAlert('OPPHighErrorRatio');
    expect(alert.labels['severity']).toBe('critical');
    expect(alert.annotations['summary']).toBe('High 5xx error ratio on openpolicy-api');
    expect(alert.status.state).toBe('active');
    expect(await waitForCounter(monitoring.prometheusUrl, errors, 10)).toBe(10);
  });

  it('delivers OPPTargetDown to AlertManager once the platform stops answering', async () => {
    const { platform, monitoring } = running();
    // Not firing while the platform is up, so what follows is caused by the stop.
    await expectNotAlerting('OPPTargetDown');

    await platform.stop();

    const alert = await waitForAlert('OPPTargetDown');
    expect(alert.labels).toMatchObject({
      severity: 'critical',
      instance: `127.0.0.1:${platform.port}`,
      environment: 'opp-console-test',
    });
    expect(alert.annotations['summary']).toBe('Target openpolicy-api is down');
    expect(alert.status.state).toBe('active');
    // Only the stopped target is reported down.
    const down = (await alertmanagerAlerts(monitoring.alertmanagerUrl)).filter(
      (other) => other.labels['alertname'] === 'OPPTargetDown',
    );
    expect(down.map((other) => other.labels['job'])).toEqual(['openpolicy-api']);
  });
});
