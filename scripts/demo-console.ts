import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EnvironmentStore } from '../main/environments/environment-store';
import { MemoryLogger } from '../main/log/logger';
import { openAppDatabase } from '../main/storage/app-database';
import type { Environment } from '../shared/domain/environment';
import { findElectronBinary } from '../test/electron/electron-binary';
import { startHarness } from '../test/harness/server';

/** What `npm run build` leaves in out/ that the console needs (Electron's entry, the page, the harness bridge). */
const BUILT_FILES = ['out/main/index.js', 'out/renderer/index.html', 'out/harness/bridge.js'];

/**
 * Saves the demo's environments in the console's own database before the console opens it.
 * Saving with the same id updates the row, so a later run points them at the new ports. A
 * position the administrator changed in the console is kept.
 */
export function registerEnvironments(consoleDataDir: string, environments: Environment[]): void {
  const db = openAppDatabase(consoleDataDir);
  try {
    const store = new EnvironmentStore(db, new MemoryLogger());
    for (const environment of environments) {
      store.save({ ...environment, position: store.get(environment.id)?.position ?? environment.position });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not save the demo environments in ${consoleDataDir}: ${reason}`, { cause: error });
  } finally {
    db.close();
  }
}

/** Runs `npm run build` when out/ lacks a file the console needs. */
export async function ensureBuilt(root: string, say: (line: string) => void): Promise<void> {
  const missing = BUILT_FILES.filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length === 0) return;
  say(`Building the console first (${missing.join(', ')} missing): npm run build`);
  const child = spawn('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  const code = await exitOf(child);
  if (code !== 0) throw new Error(`npm run build failed (exit code ${String(code)}); see its output above`);
}

export interface DemoConsole {
  /** What to print on the Console line. */
  description: string;
  /** The harness URL; null for the Electron window. */
  url: string | null;
  /** Electron's exit code when its window is closed; never settles for the harness. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  root: string;
  dataDir: string;
  port: number;
  forceHarness: boolean;
  say(line: string): void;
}

/** Electron where its binary is installed (and a display to show it), else the test harness. */
export async function startConsole(options: ConsoleOptions): Promise<DemoConsole> {
  const electron = options.forceHarness ? null : findElectronBinary();
  const noDisplay =
    process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];
  if (electron !== null && noDisplay)
    options.say('Electron is installed but there is no display: using the harness.');
  if (electron !== null && !noDisplay) return startElectron(electron, options);
  const harness = await startHarness({ dataDir: options.dataDir, port: options.port });
  return {
    description: `${harness.url}  (test harness: open it in Chromium)`,
    url: harness.url,
    exited: new Promise(() => undefined),
    stop: () => harness.stop(),
  };
}

async function startElectron(binary: string, options: ConsoleOptions): Promise<DemoConsole> {
  // Electron logs to stderr in development; its output goes to a file so the demo's lines stay readable.
  const outputFile = path.join(options.dataDir, 'electron-output.log');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const output = fs.openSync(outputFile, 'w');
  const child = spawn(binary, ['out/main/index.js', `--data-dir=${options.dataDir}`], {
    cwd: options.root,
    stdio: ['ignore', output, output],
  });
  fs.closeSync(output);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  // After the spawn, 'error' only reports a failed kill(); the exit is what the demo waits for.
  child.on('error', (error) => options.say(`Electron: ${error.message}`));
  return {
    description: `Electron window opened (pid ${child.pid ?? '?'}; its output: ${outputFile})`,
    url: null,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited.finally(() => clearTimeout(kill));
    },
  };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}
