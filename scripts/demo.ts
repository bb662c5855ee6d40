import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../shared/domain/environment';
import { startLoad } from '../test/monitoring/load';
import { FIXED_ACCOUNTS, startPlatform } from '../test/platform/index';
import type { RunningPlatform } from '../test/platform/index';
import { ensureBuilt, registerEnvironments, startConsole } from './demo-console';
import { readFlags, USAGE, UsageError } from './demo-flags';
import { installedComponents, NO_MONITORING, startDemoMonitoring } from './demo-monitoring';
import { StartCancelled, Started } from './demo-started';

/**
 * `npm run demo`: the reference platform with seeded data (and a legacy one beside it), the
 * monitoring stack where installed, light background load so the charts move, and the console
 * (Electron, or the test harness). Ctrl-C stops everything it started. Flags: demo-flags.ts.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = { users: 300, audit: 100_000 };
const LEGACY_SEED = { users: 50, audit: 5_000 };
const LOAD_PER_SECOND = 5;
/** Sub-folders of the data folder; --fresh deletes only these, never the folder it was given. */
const FOLDERS = ['platform', 'platform-legacy', 'monitoring', 'console'] as const;
/**
 * The terminal sends Ctrl-C to npm, tsx and this process alike, and npm and tsx relay it too:
 * one press arrives here more than once, within milliseconds. Only a later one forces the exit.
 */
const SAME_PRESS_MS = 1000;
/**
 * tsx resends a signal it has not seen acknowledged within 30 ms, and SIGKILLs this process when
 * the resent one is not acknowledged within 30 ms more. Its acknowledgement needs a free event
 * loop, so stopping (which has synchronous stretches: SQLite closes) starts a little later.
 */
const TSX_RELAY_MS = 150;

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const started = new Started();

function seedSummary({ seed }: RunningPlatform): string {
  if (!seed.seeded) return 'data kept from an earlier run';
  const events = seed.events.toLocaleString('en');
  return `seeded ${seed.users} users and ${events} audit events in ${(seed.ms / 1000).toFixed(1)} s`;
}

function target(url: string | null): Environment['prometheus'] {
  return url === null ? null : { url, auth: 'none' };
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), path.join(ROOT, '.cache', 'demo'));
  if (flags === null) return void process.stdout.write(USAGE);
  const folder = (name: (typeof FOLDERS)[number]): string => path.join(flags.dataDir, name);
  if (flags.fresh) {
    say(`--fresh: deleting the demo's data in ${flags.dataDir}`);
    for (const name of FOLDERS) fs.rmSync(folder(name), { recursive: true, force: true });
  }
  await ensureBuilt(ROOT, say);

  say(
    `Starting the reference platforms (a first run seeds ${SEED.audit.toLocaleString('en')} audit events)…`,
  );
  // seedAnchor 'now': the seeded history ends today. A seeded folder is never seeded again.
  const platform = await started.start(
    'platform',
    () => startPlatform({ ...SEED, seedAnchor: 'now', dataDir: folder('platform') }),
    (running) => running.stop(),
  );
  const legacy = await started.start(
    'legacy platform',
    () =>
      startPlatform({ ...LEGACY_SEED, seedAnchor: 'now', dataDir: folder('platform-legacy'), legacy: true }),
    (running) => running.stop(),
  );

  const { components, note } = flags.monitoring ? installedComponents() : { components: [], note: null };
  if (note !== null) say(note);
  if (components.length > 0) say(`Starting ${components.join(', ')}…`);
  const monitoring =
    components.length === 0
      ? NO_MONITORING
      : await started.start(
          'monitoring',
          () => startDemoMonitoring(components, `127.0.0.1:${platform.port}`, folder('monitoring')),
          async (running) => running.running?.stop(),
        );

  const common = { caFile: null, isProduction: false } as const;
  registerEnvironments(folder('console'), [
    {
      ...common,
      id: 'demo',
      name: 'Demo (reference platform)',
      apiUrl: platform.url,
      prometheus: target(monitoring.prometheusUrl),
      alertmanager: target(monitoring.alertmanagerUrl),
      colour: 'blue',
      position: 0,
    },
    // What a deployed OPP V4 serves (platform-api.md §7 only): shows how the console degrades.
    {
      ...common,
      id: 'demo-legacy',
      name: 'Demo legacy (OPP V4 today)',
      apiUrl: legacy.url,
      prometheus: null,
      alertmanager: null,
      colour: 'amber',
      position: 1,
    },
  ]);

  const app = await started.start(
    'console',
    () =>
      startConsole({
        root: ROOT,
        dataDir: folder('console'),
        port: flags.port,
        forceHarness: flags.harness,
        say,
      }),
    (running) => running.stop(),
  );
  void app.exited.then((code) => {
    // On Ctrl-C Electron gets the signal too and quits by itself: nothing more to say then.
    if (finishing !== null) return;
    say(`The console window closed (exit code ${String(code)}): stopping the demo.`);
    void finish(code === 0 ? 0 : 1);
  });

  if (flags.load) {
    const load = { baseUrl: platform.url, username: 'admin', password: platform.password };
    await started.start(
      'background load',
      () => Promise.resolve(startLoad({ ...load, requestsPerSecond: LOAD_PER_SECOND })),
      (running) => running.stop(),
    );
  }

  const pids = monitoring.running?.processes.map(({ name, pid }) => `${name} ${pid}`).join(', ');
  const accounts = FIXED_ACCOUNTS.map(({ username }) => username).join(' / ');
  const notRunning = flags.monitoring ? 'not installed' : 'off (--no-monitoring)';
  const line = (label: string, value: string | null | undefined, otherwise = 'not running'): string[] =>
    value === undefined ? [] : [`  ${label.padEnd(16)} ${value ?? otherwise}`];
  say(
    [
      '\nOPP Console demo is running.',
      ...line('Platform', `${platform.url}  (full API; ${seedSummary(platform)})`),
      ...line('Legacy platform', `${legacy.url}  (OPP V4 as deployed today; ${seedSummary(legacy)})`),
      ...line('Prometheus', monitoring.prometheusUrl, notRunning),
      ...line('AlertManager', monitoring.alertmanagerUrl, notRunning),
      ...line('Node exporter', monitoring.nodeExporterUrl, notRunning),
      ...line('Monitoring pids', pids),
      ...line('Load', flags.load ? `${LOAD_PER_SECOND} requests/s as admin` : null, 'off (--no-load)'),
      ...line('Sign in as', `${accounts}, password ${platform.password} (the seeded users' too)`),
      ...line('Data', `${flags.dataDir}  (kept for the next run; --fresh starts over)`),
      ...line('Console', app.description),
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

let finishing: Promise<void> | null = null;
/** Stops what was started, newest first, then exits with `code` (1 when something would not stop). */
function finish(code: number): Promise<void> {
  finishing ??= started.stopAll(say).then(({ ok, stopped }) => {
    if (stopped > 0) say(ok ? 'Demo stopped.' : 'Demo stopped, but not cleanly (see above).');
    process.exit(ok ? code : 1);
  });
  return finishing;
}

let firstSignalAt: number | null = null;
function interrupt(signal: NodeJS.Signals): void {
  if (firstSignalAt === null) {
    firstSignalAt = Date.now();
    say(`\n${signal}: stopping the demo (press Ctrl-C again to exit at once)…`);
    setTimeout(() => void finish(0), TSX_RELAY_MS);
  } else if (Date.now() - firstSignalAt > SAME_PRESS_MS) {
    say('Exiting at once. The monitoring servers stop by themselves when this process ends.');
    process.exit(130);
  }
}
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
// The terminal window was closed.
process.on('SIGHUP', interrupt);

main().catch(async (error: unknown) => {
  if (error instanceof StartCancelled) return; // interrupted: finish() is already stopping things
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof UsageError) process.stderr.write(USAGE);
  await finish(error instanceof UsageError ? 2 : 1);
});
