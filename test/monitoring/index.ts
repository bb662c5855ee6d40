import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinaries } from './binaries';
import { ALL_COMPONENTS, writeMonitoringConfig } from './config';
import type { Component, RuleTiming, WrittenConfig } from './config';
import { FatalPollError, pollUntil } from './poll';
import { ReaperClient } from './reaper-client';

export { INSTALL_HINT, MissingBinaryError } from './binaries';
export { ALL_COMPONENTS, RULES_SOURCE } from './config';
export type { Component, RuleTiming } from './config';

export interface MonitoringOptions<C extends Component = Component> {
  /** host:port of the reference platform's /metrics; the `openpolicy-api` job is left out without it. */
  platformTarget?: string;
  /** Default 1. */
  scrapeIntervalSeconds?: number;
  /** Default: the scrape interval. */
  evaluationIntervalSeconds?: number;
  /** Where configs, data and logs go. Default: a new temp folder, removed by stop(). */
  dataDir?: string;
  /** Default: all three. */
  components?: readonly C[];
  /** Short `for:` and range windows for tests, e.g. `{ for: '2s', rateWindow: '10s' }`. */
  ruleTiming?: RuleTiming;
  /** Time a server gets between SIGTERM and SIGKILL. Default 5000. */
  stopTimeoutMs?: number;
  /** Time each server gets to become ready. Default 20000. */
  startTimeoutMs?: number;
  /** Explicit binary paths instead of a PATH search. */
  binaries?: Partial<Record<Component, string>>;
}

type UrlOf<C extends Component, K extends Component> = K extends C ? string : undefined;

export interface RunningMonitoring<C extends Component = Component> {
  prometheusUrl: UrlOf<C, 'prometheus'>;
  alertmanagerUrl: UrlOf<C, 'alertmanager'>;
  nodeExporterUrl: UrlOf<C, 'node-exporter'>;
  /** prometheus.yml, alertmanager.yml and rules/opp-alerts.yml as the servers read them. */
  configDir: string;
  dataDir: string;
  /** Each server's log (stdout and stderr). */
  logsDir: string;
  /** The servers and the reaper sidecar that owns them. */
  processes: { name: Component | 'reaper'; pid: number }[];
  /** Stops every server (SIGTERM, then SIGKILL) and removes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const PORT_CLASH = /address already in use/i;
const MAX_PORT_ATTEMPTS = 3;

/**
 * Starts Prometheus, AlertManager and node exporter on free loopback ports and waits until they
 * are ready (and Prometheus has found AlertManager, so the first alert is not dropped). The
 * servers are owned by a reaper sidecar that stops them when this process dies, however it dies.
 */
export async function startMonitoring<C extends Component = Component>(
  options: MonitoringOptions<C> = {},
): Promise<RunningMonitoring<C>> {
  const components = new Set<Component>(options.components ?? ALL_COMPONENTS);
  if (components.size === 0) throw new Error('startMonitoring needs at least one component');
  // Fails before anything is started, naming the Debian packages.
  const binaries = findBinaries([...components], options.binaries);
  const scrapeIntervalSeconds = options.scrapeIntervalSeconds ?? 1;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'opp-monitoring-')));
  const configDir = join(dataDir, 'config');
  const logsDir = join(dataDir, 'logs');
  await mkdir(logsDir, { recursive: true });

  const reaper = await ReaperClient.start({
    ...(ownsDataDir ? { cleanupDir: dataDir } : {}),
    killTimeoutMs: options.stopTimeoutMs ?? 5000,
    ...(existsSync('/usr/bin/setpriv') ? { setprivPath: '/usr/bin/setpriv' } : {}),
  });
  const processes: RunningMonitoring['processes'] = [{ name: 'reaper', pid: reaper.pid }];
  const ports: Partial<Record<Component, number>> = {};
  const launcher = new Launcher(reaper, logsDir, options.startTimeoutMs ?? 20_000);
  const writeConfig = (): Promise<WrittenConfig> =>
    writeMonitoringConfig(configDir, {
      ports,
      scrapeIntervalSeconds,
      evaluationIntervalSeconds: options.evaluationIntervalSeconds ?? scrapeIntervalSeconds,
      ...(options.platformTarget === undefined ? {} : { platformTarget: options.platformTarget }),
      ...(options.ruleTiming === undefined ? {} : { ruleTiming: options.ruleTiming }),
    });

  try {
    let config = await writeConfig();
    // AlertManager and node exporter first: Prometheus' config names their ports.
    const first: Promise<void>[] = [];
    if (components.has('alertmanager')) {
      first.push(
        launcher
          .launch('alertmanager', binaries.alertmanager, '/-/ready', (port) => [
            `--config.file=${config.alertmanagerConfig}`,
            `--storage.path=${join(dataDir, 'alertmanager')}`,
            `--web.listen-address=${LOOPBACK}:${port}`,
            // Empty turns gossip clustering off, which would otherwise bind 0.0.0.0:9094.
            '--cluster.listen-address=',
          ])
          .then((started) => {
            ports.alertmanager = started.port;
            processes.push({ name: 'alertmanager', pid: started.pid });
          }),
      );
    }
    if (components.has('node-exporter')) {
      first.push(
        launcher
          .launch('node-exporter', binaries['node-exporter'], '/metrics', (port) => [
            `--web.listen-address=${LOOPBACK}:${port}`,
            // No systemd here (nor in the platform's containers): it would log an error per scrape.
            '--no-collector.systemd',
          ])
          .then((started) => {
            ports['node-exporter'] = started.port;
            processes.push({ name: 'node-exporter', pid: started.pid });
          }),
      );
    }
    await settleAll(first);
    if (components.has('prometheus')) {
      const started = await launcher.launch(
        'prometheus',
        binaries.prometheus,
        '/-/ready',
        (port) => [
          `--config.file=${config.prometheusConfig}`,
          `--storage.tsdb.path=${join(dataDir, 'prometheus')}`,
          `--web.listen-address=${LOOPBACK}:${port}`,
          '--storage.tsdb.retention.time=1d',
          // The default (1m) delays a firing alert's first delivery to AlertManager by up to a minute.
          '--rules.alert.resend-delay=1s',
          // Lets tests and the demo reload rules with POST /-/reload; loopback only.
          '--web.enable-lifecycle',
        ],
        // Its own scrape job names its port, so the config is rewritten for each attempt.
        async (port) => {
          ports.prometheus = port;
          config = await writeConfig();
        },
      );
      processes.push({ name: 'prometheus', pid: started.pid });
      if (ports.alertmanager !== undefined) {
        await waitForAlertmanagerDiscovery(`http://${LOOPBACK}:${started.port}`, launcher.timeoutMs);
      }
    }
  } catch (error) {
    await reaper.shutdown().catch(() => undefined);
    throw error;
  }

  const url = (component: Component): string | undefined =>
    ports[component] === undefined ? undefined : `http://${LOOPBACK}:${ports[component]}`;
  let stopping: Promise<void> | undefined;
  const running = {
    prometheusUrl: url('prometheus'),
    alertmanagerUrl: url('alertmanager'),
    nodeExporterUrl: url('node-exporter'),
    configDir,
    dataDir,
    logsDir,
    processes,
    stop: () => (stopping ??= stopAll(reaper, ownsDataDir ? dataDir : undefined)),
  };
  // A URL is undefined exactly when its component was not asked for, as the type says.
  return running as unknown as RunningMonitoring<C>;
}

async function stopAll(reaper: ReaperClient, ownedDir: string | undefined): Promise<void> {
  try {
    await reaper.shutdown();
  } finally {
    // The reaper removes it too, unless it was itself killed.
    if (ownedDir !== undefined) await rm(ownedDir, { recursive: true, force: true });
  }
}

/** Like Promise.all, but waits for every launch to finish before reporting the first failure. */
async function settleAll(promises: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

class Launcher {
  constructor(
    private readonly reaper: ReaperClient,
    private readonly logsDir: string,
    readonly timeoutMs: number,
  ) {}

  /**
   * Spawns a server on a free port and polls `readyPath` until it answers 200. A free port can
   * be taken by another process between our probe and the server's bind; only that case is
   * retried, on a new port. Any other failure throws with the end of the server's log.
   */
  async launch(
    name: Component,
    binary: string,
    readyPath: string,
    args: (port: number) => string[],
    beforeSpawn?: (port: number) => Promise<void>,
  ): Promise<{ port: number; pid: number }> {
    const logFile = join(this.logsDir, `${name}.log`);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      await beforeSpawn?.(port);
      await writeFile(logFile, '');
      const pid = await this.reaper.spawn(name, binary, args(port), logFile);
      try {
        await pollUntil(
          async () => {
            const exit = this.reaper.exitOf(name);
            if (exit !== undefined) {
              throw new FatalPollError(new Error(`exited with code ${exit.code}, signal ${exit.signal}`));
            }
            const response = await fetch(`http://${LOOPBACK}:${port}${readyPath}`, {
              signal: AbortSignal.timeout(1000),
            });
            await response.arrayBuffer();
            return response.ok ? true : undefined;
          },
          {
            description: `${name} on ${LOOPBACK}:${port}${readyPath}`,
            timeoutMs: this.timeoutMs,
            intervalMs: 50,
          },
        );
        // Another server on this port could have answered for ours while ours was failing to
        // bind: make sure ours is still running and did not log a port clash.
        await new Promise((resolve) => setTimeout(resolve, 150));
        const settled = this.reaper.exitOf(name);
        if (settled !== undefined || PORT_CLASH.test(await readFile(logFile, 'utf8').catch(() => ''))) {
          throw new Error(
            `exited right after answering (code ${settled?.code ?? 'none'}): another server held the port`,
          );
        }
        return { port, pid };
      } catch (error) {
        await this.reaper.stop([name]);
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (PORT_CLASH.test(log) && attempt < MAX_PORT_ATTEMPTS) continue;
        const reason = error instanceof Error ? error.message : String(error);
        const tail = log.trimEnd().split('\n').slice(-15).join('\n');
        throw new Error(`${name} (${binary}) did not start: ${reason}\n--- end of ${logFile} ---\n${tail}`, {
          cause: error,
        });
      }
    }
  }
}

async function waitForAlertmanagerDiscovery(prometheusUrl: string, timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(`${prometheusUrl}/api/v1/alertmanagers`);
      const body = (await response.json()) as { data?: { activeAlertmanagers?: unknown[] } };
      return (body.data?.activeAlertmanagers?.length ?? 0) > 0 ? true : undefined;
    },
    { description: 'Prometheus to discover AlertManager', timeoutMs },
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
