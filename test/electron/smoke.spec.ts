import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { _electron as electron, chromium, expect, test, type Page } from '@playwright/test';
import { findElectronBinary, findElectronDist } from './electron-binary';

/**
 * Launches the console in the real Electron: the built app, the packed app.asar, and the packed,
 * fused executable. The binary cannot be downloaded on the machines this project is built on,
 * so where it is absent these tests report themselves as skipped, never as passed.
 */
const binary = findElectronBinary();
const SKIP_REASON = 'The Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1).';
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
};
// Chromium will not start as root with its sandbox on (CI containers run as root).
const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The About dialog of the renderer shows the version of the package. */
async function expectAboutShowsVersion(window: Page): Promise<void> {
  await window.getByRole('button', { name: 'About' }).click();
  await expect(window.getByTestId('about-version')).toContainText(pkg.version);
}

test('the built console starts in Electron, hardened, and shows its version', async () => {
  test.skip(binary === null, SKIP_REASON);
  const dataDir = tempDir('opp-electron-');
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [path.join(projectRoot, 'out/main/index.js'), `--data-dir=${dataDir}`, ...sandboxArgs],
  });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle('OPP Console');
    const state = await app.evaluate(({ BrowserWindow }) => {
      const [win] = BrowserWindow.getAllWindows();
      return {
        count: BrowserWindow.getAllWindows().length,
        crashed: win?.webContents.isCrashed() ?? true,
        devTools: win?.webContents.isDevToolsOpened() ?? true,
        visible: win?.isVisible() ?? false,
      };
    });
    expect(state).toEqual({ count: 1, crashed: false, devTools: false, visible: true });
    expect(
      await window.evaluate(() => typeof (window as unknown as Record<string, unknown>)['require']),
    ).toBe('undefined');
    await expectAboutShowsVersion(window);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

interface PackedApp {
  /** The temp folder electron-builder wrote to. */
  output: string;
  /** What to start: the executable (inside the bundle on macOS). */
  executable: string;
  /** What @electron/fuses reads: the executable, or the .app bundle on macOS. */
  fuseTarget: string;
  /** The folder holding app.asar and app.asar.unpacked. */
  resources: string;
}

/** Packs a directory build with the installed Electron, as `npm run package` does (no installer). */
async function packApp(electronDist: string): Promise<PackedApp> {
  const output = tempDir('opp-packed-');
  const platformFlag =
    process.platform === 'darwin' ? '--mac' : process.platform === 'win32' ? '--win' : '--linux';
  const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
  await promisify(execFile)(
    process.execPath,
    [
      cli,
      platformFlag,
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    // No signing identity is looked up: the hook re-signs ad hoc where macOS needs it.
    {
      cwd: projectRoot,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const appOutDir = fs
    .readdirSync(output)
    .find((name) => /^(linux|win)(-[a-z0-9]+)?-unpacked$/.test(name) || /^mac(-[a-z0-9]+)?$/.test(name));
  if (appOutDir === undefined) throw new Error(`electron-builder wrote no app folder into ${output}`);
  const dir = path.join(output, appOutDir);
  if (process.platform === 'darwin') {
    const bundle = path.join(dir, 'OPP Console.app');
    return {
      output,
      executable: path.join(bundle, 'Contents', 'MacOS', 'OPP Console'),
      fuseTarget: bundle,
      resources: path.join(bundle, 'Contents', 'Resources'),
    };
  }
  const executable = path.join(dir, process.platform === 'win32' ? 'OPP Console.exe' : 'opp-console');
  return { output, executable, fuseTarget: executable, resources: path.join(dir, 'resources') };
}

test.describe('the packed console', () => {
  test.skip(binary === null, SKIP_REASON);
  let packed: PackedApp | null = null;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const dist = findElectronDist();
    if (dist !== null) packed = await packApp(dist);
  });
  test.afterAll(() => {
    if (packed !== null) fs.rmSync(packed.output, { recursive: true, force: true });
  });

  test('its app.asar runs in Electron: native modules load from app.asar.unpacked, --data-dir holds', async () => {
    if (packed === null) throw new Error('the app was not packed');
    const dataDir = tempDir('opp-electron-asar-');
    // The stock binary, not the fused one: Playwright drives Electron through --inspect,
    // which the packed executable's fuses refuse (the next test checks that one another way).
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [path.join(packed.resources, 'app.asar'), `--data-dir=${dataDir}`, ...sandboxArgs],
    });
    try {
      // The window only opens once the services are up, and they open SQLite first.
      const window = await app.firstWindow();
      await expect(window).toHaveTitle('OPP Console');
      const facts = await app.evaluate(({ app: electronApp, BrowserWindow }) => ({
        userData: electronApp.getPath('userData'),
        logs: electronApp.getPath('logs'),
        crashed: BrowserWindow.getAllWindows()[0]?.webContents.isCrashed() ?? true,
      }));
      expect(facts).toEqual({ userData: dataDir, logs: path.join(dataDir, 'logs'), crashed: false });
      await expectAboutShowsVersion(window);
      const log = fs.readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8');
      expect(log).toContain('app: starting');
      expect(log).not.toContain('keytar could not be loaded');
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('the fused executable starts and refuses RunAsNode, NODE_OPTIONS and --inspect', async () => {
    if (packed === null) throw new Error('the app was not packed');
    const { getCurrentFuseWire } = await import('@electron/fuses');
    const wire = await getCurrentFuseWire(packed.fuseTarget);
    const integrity = process.platform === 'darwin' || process.platform === 'win32';
    expect([wire[0], wire[1], wire[2], wire[3], wire[5]].map((b) => String.fromCharCode(b ?? 0))).toEqual([
      '0', // RunAsNode
      '1', // EnableCookieEncryption
      '0', // EnableNodeOptionsEnvironmentVariable
      '0', // EnableNodeCliInspectArguments
      '1', // OnlyLoadAppFromAsar
    ]);
    if (integrity) expect(String.fromCharCode(wire[4] ?? 0)).toBe('1');

    // Each of these would change what starts if its fuse were still on: Node instead of the
    // console (RunAsNode), a crash on the missing module (NODE_OPTIONS), a debugger (--inspect).
    const dataDir = tempDir('opp-electron-fused-');
    const child = spawn(
      packed.executable,
      [`--data-dir=${dataDir}`, '--inspect=0', '--remote-debugging-port=0', ...sandboxArgs],
      {
        env: {
          ...process.env,
          ELECTRON_RUN_AS_NODE: '1',
          NODE_OPTIONS: `--require=${path.join(dataDir, 'must-not-load.js')}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DevTools endpoint; stderr:\n${stderr}`)), 30_000);
        const look = (): void => {
          const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stderr.on('data', look);
        child.on('exit', (code) =>
          reject(new Error(`the packed console exited (${code}); stderr:\n${stderr}`)),
        );
      });
      const browser = await chromium.connectOverCDP(endpoint);
      try {
        const context = browser.contexts()[0];
        if (context === undefined) throw new Error('no browser context');
        const isApp = (page: Page): boolean => page.url().startsWith('app://opp/');
        const window =
          context.pages().find(isApp) ?? (await context.waitForEvent('page', { predicate: isApp }));
        await expect(window).toHaveTitle('OPP Console');
        expect(context.pages().filter((page) => page.url().startsWith('devtools://'))).toEqual([]);
        expect(
          await window.evaluate(() => typeof (window as unknown as Record<string, unknown>)['require']),
        ).toBe('undefined');
        await expectAboutShowsVersion(window);
        expect(stderr).not.toContain('Debugger listening');
        const session = await browser.newBrowserCDPSession();
        await session.send('Browser.close').catch(() => undefined);
      } finally {
        await browser.close().catch(() => undefined);
      }
    } finally {
      if (child.exitCode === null) {
        // Browser.close may not end an Electron app; a SIGTERM quits it cleanly.
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
