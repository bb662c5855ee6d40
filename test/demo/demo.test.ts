import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run demo` as an administrator runs it, in a child process: it must print where
 * everything is, everything must answer there, and Ctrl-C (SIGINT to the whole process group,
 * as a terminal sends it) must stop all of it. Uses the Debian monitoring binaries (installed
 * here and in CI), the harness instead of Electron, and no background load.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const ACCOUNTS = ['admin', 'auditor', 'alice', 'guest'];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface DemoRun {
  child: ChildProcess;
  output(): string;
  exit: Promise<Exit>;
}

let dataDir: string;
let current: DemoRun | null = null;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-demo-test-'));
});

// A failed test leaves its demo running: stop its process group before the next test starts one.
afterEach(async () => {
  const run = current;
  current = null;
  if (run === null || run.child.exitCode !== null || run.child.signalCode !== null) return;
  signalGroup(run.child, 'SIGTERM');
  const exited = await Promise.race([run.exit, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  if (exited === null) signalGroup(run.child, 'SIGKILL');
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startDemo(): DemoRun {
  // `node --import tsx`, not the tsx CLI nor npx: on a group signal the tsx CLI resends it and
  // SIGKILLs the script unless it is acknowledged within 30 ms, which a loaded CI machine misses;
  // and npm ends itself with SIGINT whatever the script's own exit code was.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--harness', '--port', '0', '--data-dir', dataDir, '--no-load'],
    // Its own process group, so the test can press "Ctrl-C" on all of it, as a terminal does.
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exit = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  current = { child, output: () => text, exit };
  return current;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the demo says it is running; fails at once if it exits first. */
async function waitUntilRunning(run: DemoRun): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited: Exit | null = null;
  void run.exit.then((exit) => (exited = exit));
  while (Date.now() < deadline) {
    const text = run.output();
    if (/^\s+Console\s+http:\/\/\S+/m.test(text) && text.includes('Ctrl-C stops everything.')) return text;
    if (exited !== null) throw new Error(`the demo exited early (${JSON.stringify(exited)}):\n${text}`);
    await sleep(100);
  }
  throw new Error(`the demo did not print its console URL within ${START_TIMEOUT_MS} ms:\n${run.output()}`);
}

/** The first word after a summary label, e.g. `  Platform         http://127.0.0.1:4000  (…)`. */
function field(text: string, label: string): string {
  const match = new RegExp(`^\\s+${label}\\s+(\\S+)`, 'm').exec(text);
  if (match?.[1] === undefined) throw new Error(`no "${label}" line in:\n${text}`);
  return match[1];
}

/** Sends SIGINT to the demo's process group and expects a clean exit (code 0) in time. */
async function pressCtrlC(run: DemoRun): Promise<void> {
  signalGroup(run.child, 'SIGINT');
  const exit = await Promise.race([run.exit, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  expect(exit, `exit within ${STOP_TIMEOUT_MS} ms; output:\n${run.output()}`).toEqual({
    code: 0,
    signal: null,
  });
}

function acceptsConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Running, and not a zombie waiting for a parent to collect it. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

interface EnvironmentRow {
  id: string;
  name: string;
  api_url: string;
  prometheus: string | null;
  alertmanager: string | null;
  colour: string;
  is_production: number;
  position: number;
}

function storedEnvironments(): EnvironmentRow[] {
  const db = new Database(path.join(dataDir, 'console', 'console.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return db.prepare('SELECT * FROM environments ORDER BY position').all() as EnvironmentRow[];
  } finally {
    db.close();
  }
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

/** The labels of Prometheus' active targets; a failure quotes the end of Prometheus' log. */
async function activeTargets(prometheusUrl: string): Promise<Record<string, string>[]> {
  try {
    const { body } = await json(`${prometheusUrl}/api/v1/targets?state=active`);
    return (body as { data: { activeTargets: { labels: Record<string, string> }[] } }).data.activeTargets.map(
      (target) => target.labels,
    );
  } catch (error) {
    const log = path.join(dataDir, 'monitoring', 'logs', 'prometheus.log');
    const tail = fs.existsSync(log)
      ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')
      : '(no log)';
    throw new Error(`Prometheus at ${prometheusUrl} did not answer; end of ${log}:\n${tail}`, {
      cause: error,
    });
  }
}

describe('npm run demo', () => {
  it('starts platform, legacy platform, monitoring and console, and Ctrl-C stops them all', async () => {
    const run = startDemo();
    const text = await waitUntilRunning(run);
    const urls = {
      console: field(text, 'Console'),
      platform: field(text, 'Platform'),
      legacy: field(text, 'Legacy platform'),
      prometheus: field(text, 'Prometheus'),
      alertmanager: field(text, 'AlertManager'),
      nodeExporter: field(text, 'Node exporter'),
    };
    const password = /password (\S+)/.exec(text)?.[1] ?? '';
    expect(text).toContain('seeded 304 users and 100,000 audit events');
    expect(text).toContain('seeded 54 users and 5,000 audit events');

    const page = await fetch(urls.console);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>OPP Console</title>');

    expect(await json(`${urls.platform}/api/v1/health`)).toMatchObject({
      status: 200,
      body: { status: 'healthy' },
    });
    expect((await fetch(`${urls.legacy}/api/v1/health`)).status).toBe(200);
    for (const username of ACCOUNTS) {
      const login = await json(`${urls.platform}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(login.status, username).toBe(200);
      expect(login.body).toMatchObject({ token_type: 'bearer', user: { username } });
    }

    // Prometheus scrapes this platform (it hands discovered targets over every 5 s), and AlertManager answers.
    const platformTarget = { job: 'openpolicy-api', instance: new URL(urls.platform).host };
    let scraped: Record<string, string>[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(250)) {
      scraped = await activeTargets(urls.prometheus);
      if (scraped.some((labels) => labels['instance'] === platformTarget.instance)) break;
    }
    expect(scraped).toContainEqual(expect.objectContaining(platformTarget));
    expect((await fetch(`${urls.alertmanager}/-/ready`)).status).toBe(200);

    const [demo, legacy, ...others] = storedEnvironments();
    expect(others).toEqual([]);
    expect(demo).toMatchObject({
      id: 'demo',
      name: 'Demo (reference platform)',
      api_url: urls.platform,
      colour: 'blue',
      is_production: 0,
      position: 0,
    });
    expect(JSON.parse(demo?.prometheus ?? 'null')).toEqual({ url: urls.prometheus, auth: 'none' });
    expect(JSON.parse(demo?.alertmanager ?? 'null')).toEqual({ url: urls.alertmanager, auth: 'none' });
    expect(legacy).toMatchObject({ id: 'demo-legacy', api_url: urls.legacy, prometheus: null });

    const pids = [...(/Monitoring pids\s+(.*)$/m.exec(text)?.[1] ?? '').matchAll(/(\S+) (\d+)/g)].map(
      ([, name, pid]) => ({ name, pid: Number(pid) }),
    );
    expect(pids.map(({ name }) => name).sort()).toEqual([
      'alertmanager',
      'node-exporter',
      'prometheus',
      'reaper',
    ]);
    expect(pids.every(({ pid }) => isRunning(pid))).toBe(true);

    await pressCtrlC(run);
    const stopping = [...run.output().matchAll(/^\s+stopping (.+)$/gm)].map((match) => match[1]);
    expect(stopping).toEqual(['console', 'monitoring', 'legacy platform', 'platform']);
    expect(run.output()).toContain('Demo stopped.');
    for (const [name, url] of Object.entries(urls)) {
      expect(await acceptsConnections(url), `${name} at ${url}`).toBe(false);
    }
    expect(pids.filter(({ pid }) => isRunning(pid))).toEqual([]);
    // Nothing else started with its data folder in its command line (servers, tsx, node) remains.
    expect(spawnSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).stdout).toBe('');
  }, 150_000);

  it('a second run keeps the seeded data and updates the environments in place', async () => {
    const run = startDemo();
    const text = await waitUntilRunning(run);
    expect(text).not.toContain('seeded 304');
    expect(text.match(/data kept from an earlier run/g)).toHaveLength(2);
    const environments = storedEnvironments();
    expect(environments.map((environment) => environment.id)).toEqual(['demo', 'demo-legacy']);
    expect(environments[0]?.api_url).toBe(field(text, 'Platform'));
    expect(environments[1]?.api_url).toBe(field(text, 'Legacy platform'));
    expect(JSON.parse(environments[0]?.prometheus ?? 'null')).toEqual({
      url: field(text, 'Prometheus'),
      auth: 'none',
    });
    await pressCtrlC(run);
  }, 150_000);
});
