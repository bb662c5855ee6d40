import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Component = 'prometheus' | 'alertmanager' | 'node-exporter';

export const ALL_COMPONENTS: readonly Component[] = ['prometheus', 'alertmanager', 'node-exporter'];

/** The committed rules, with realistic durations. */
export const RULES_SOURCE = fileURLToPath(new URL('./rules/opp-alerts.yml', import.meta.url));

/**
 * Shorter timings for tests: every alert's `for:` and every range selector (`[5m]`) in the rules
 * are replaced. Recording rule names keep their `rate5m` suffix so queries need not change.
 */
export interface RuleTiming {
  for?: string;
  rateWindow?: string;
}

export interface ConfigInput {
  /** Ports of the components that run; a component without a port is left out of the config. */
  ports: Partial<Record<Component, number>>;
  platformTarget?: string;
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  ruleTiming?: RuleTiming;
}

export interface WrittenConfig {
  prometheusConfig: string;
  alertmanagerConfig: string;
  rulesFile: string;
}

const DURATION = /^\d+(ms|s|m|h|d)$/;

function checkDuration(value: string, what: string): string {
  if (!DURATION.test(value))
    throw new Error(`${what} must be a Prometheus duration such as 5s or 2m, got ${value}`);
  return value;
}

/** Prometheus durations are integers of one unit, so fractions of a second become ms. */
export function secondsToDuration(seconds: number): string {
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new Error(`interval must be positive, got ${seconds}`);
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

export function renderRules(source: string, timing: RuleTiming = {}): string {
  let rules = source;
  if (timing.for !== undefined) {
    const value = checkDuration(timing.for, 'ruleTiming.for');
    rules = rules.replace(/^(\s+)for:\s*\S+\s*$/gm, `$1for: ${value}`);
  }
  if (timing.rateWindow !== undefined) {
    const value = checkDuration(timing.rateWindow, 'ruleTiming.rateWindow');
    rules = rules.replace(/\[\d+(?:ms|[smhdwy])\]/g, `[${value}]`);
  }
  return rules;
}

/** YAML scalars are written as JSON strings, which YAML reads verbatim, so no value can break the file. */
const q = (value: string | number): string => JSON.stringify(String(value));

function job(name: string, target: string): string {
  return [`  - job_name: ${q(name)}`, `    static_configs:`, `      - targets: [${q(target)}]`].join('\n');
}

export function renderPrometheusConfig(input: ConfigInput, rulesFile: string): string {
  const { ports } = input;
  const scrape = secondsToDuration(input.scrapeIntervalSeconds);
  const jobs: string[] = [];
  if (input.platformTarget !== undefined) jobs.push(job('openpolicy-api', input.platformTarget));
  if (ports.prometheus !== undefined) jobs.push(job('prometheus', `127.0.0.1:${ports.prometheus}`));
  if (ports.alertmanager !== undefined) jobs.push(job('alertmanager', `127.0.0.1:${ports.alertmanager}`));
  if (ports['node-exporter'] !== undefined) {
    jobs.push(job('node-exporter', `127.0.0.1:${ports['node-exporter']}`));
  }
  const alerting =
    ports.alertmanager === undefined
      ? []
      : [
          'alerting:',
          '  alertmanagers:',
          '    - static_configs:',
          `        - targets: [${q(`127.0.0.1:${ports.alertmanager}`)}]`,
        ];
  return [
    '# Written by test/monitoring for OPP Console tests; rewritten on every start.',
    'global:',
    `  scrape_interval: ${scrape}`,
    // A scrape may not take longer than its interval.
    `  scrape_timeout: ${scrape}`,
    `  evaluation_interval: ${secondsToDuration(input.evaluationIntervalSeconds)}`,
    '  external_labels:',
    `    environment: ${q('opp-console-test')}`,
    'rule_files:',
    `  - ${q(rulesFile)}`,
    ...alerting,
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

export function renderAlertmanagerConfig(): string {
  // Alerts are only listed (GET /api/v2/alerts), never delivered: the receiver is a no-op.
  return [
    '# Written by test/monitoring for OPP Console tests; rewritten on every start.',
    'route:',
    `  receiver: ${q('null')}`,
    `  group_by: [${q('alertname')}, ${q('job')}]`,
    '  group_wait: 1s',
    '  group_interval: 5s',
    '  repeat_interval: 1h',
    'receivers:',
    `  - name: ${q('null')}`,
    '',
  ].join('\n');
}

/** Writes prometheus.yml, alertmanager.yml and rules/opp-alerts.yml into `configDir`. */
export async function writeMonitoringConfig(configDir: string, input: ConfigInput): Promise<WrittenConfig> {
  await mkdir(join(configDir, 'rules'), { recursive: true });
  const rulesFile = join(configDir, 'rules', 'opp-alerts.yml');
  const prometheusConfig = join(configDir, 'prometheus.yml');
  const alertmanagerConfig = join(configDir, 'alertmanager.yml');
  await writeFile(rulesFile, renderRules(await readFile(RULES_SOURCE, 'utf8'), input.ruleTiming));
  await writeFile(prometheusConfig, renderPrometheusConfig(input, rulesFile));
  await writeFile(alertmanagerConfig, renderAlertmanagerConfig());
  return { prometheusConfig, alertmanagerConfig, rulesFile };
}
