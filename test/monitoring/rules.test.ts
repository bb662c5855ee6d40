import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary, INSTALL_HINT, MissingBinaryError } from './binaries';
import { renderRules, RULES_SOURCE, writeMonitoringConfig } from './config';
import type { WrittenConfig } from './config';
import { startMonitoring } from './index';

/** Runs a tool and returns its exit status with everything it printed, for the failure message. */
function run(
  tool: 'promtool' | 'amtool',
  args: string[],
  cwd?: string,
): { status: number | null; output: string } {
  const result = spawnSync(findBinary(tool), args, { encoding: 'utf8', cwd, timeout: 30_000 });
  const output = `$ ${tool} ${args.join(' ')}\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`;
  return { status: result.status, output };
}

const ALERTS = [
  'OPPTargetDown',
  'OPPHighErrorRatio',
  'OPPApiHighLatency',
  'OPPHighCpuUsage',
  'OPPHighMemoryUsage',
  'OPPDiskSpaceLow',
  'OPPHighFailedLogins',
];

describe('committed rules', () => {
  it('pass their promtool unit tests (opp-alerts.test.yml)', () => {
    const result = run('promtool', ['test', 'rules', 'opp-alerts.test.yml'], dirname(RULES_SOURCE));
    expect(result.status, result.output).toBe(0);
  });

  it('pass promtool check rules', () => {
    const result = run('promtool', ['check', 'rules', RULES_SOURCE]);
    expect(result.status, result.output).toBe(0);
  });

  it('define every platform alert with a severity, a summary and a description', async () => {
    const source = await readFile(RULES_SOURCE, 'utf8');
    for (const alert of ALERTS) {
      const block = source.slice(source.indexOf(`alert: ${alert}\n`)).split(/\n\s+- alert: /)[0] ?? '';
      expect(block, alert).toMatch(/severity: (critical|warning)/);
      expect(block, alert).toMatch(/summary: /);
      expect(block, alert).toMatch(/description: /);
    }
  });
});

describe('generated configuration', () => {
  let dir: string;
  let config: WrittenConfig;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opp-monitoring-config-'));
    config = await writeMonitoringConfig(dir, {
      ports: { prometheus: 19090, alertmanager: 19093, 'node-exporter': 19100 },
      platformTarget: '127.0.0.1:18000',
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 0.5,
      ruleTiming: { for: '2s', rateWindow: '10s' },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes promtool check config, which also checks the shortened rules', () => {
    const result = run('promtool', ['check', 'config', config.prometheusConfig]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS: 16 rules found/);
  });

  it('passes amtool check-config', () => {
    const result = run('amtool', ['check-config', config.alertmanagerConfig]);
    expect(result.status, result.output).toBe(0);
  });

  it('scrapes the four jobs and sends alerts to AlertManager', async () => {
    const text = await readFile(config.prometheusConfig, 'utf8');
    for (const job of ['openpolicy-api', 'prometheus', 'alertmanager', 'node-exporter']) {
      expect(text).toContain(`job_name: "${job}"`);
    }
    expect(text).toContain('"127.0.0.1:18000"');
    expect(text).toMatch(/alertmanagers:\n\s+- static_configs:\n\s+- targets: \["127\.0\.0\.1:19093"\]/);
    expect(text).toMatch(/evaluation_interval: 500ms/);
  });

  it('shortens every for: and range window, and nothing else', async () => {
    const committed = await readFile(RULES_SOURCE, 'utf8');
    const fast = await readFile(config.rulesFile, 'utf8');
    expect(fast.match(/for: 2s/g)).toHaveLength(ALERTS.length);
    expect(fast).not.toMatch(/\[5m\]/);
    expect(fast).toContain('rate(http_requests_total[10s])');
    // Same text once the timings are put back.
    expect(renderRules(fast, { rateWindow: '5m' }).replace(/for: 2s/g, '')).toBe(
      committed.replace(/for: \w+/g, ''),
    );
  });

  it('rejects a malformed duration', () => {
    expect(() => renderRules('', { for: '2 minutes' })).toThrow(/Prometheus duration/);
  });
});

describe('missing binaries', () => {
  it('name the Debian packages to install', () => {
    expect(() => findBinary('promtool', '/nonexistent/promtool')).toThrow(MissingBinaryError);
    expect(() => findBinary('promtool', '/nonexistent/promtool')).toThrow(INSTALL_HINT);
  });

  it('make startMonitoring fail before it starts anything', async () => {
    await expect(
      startMonitoring({ binaries: { alertmanager: '/nonexistent/alertmanager' } }),
    ).rejects.toThrow(
      /alertmanager not found.*prometheus-alertmanager.*apt-get install prometheus prometheus-alertmanager prometheus-node-exporter/s,
    );
  });
});
