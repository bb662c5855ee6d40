import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from './electron-binary';

/**
 * Launches the built app in the real Electron. The binary cannot be downloaded on the
 * machines this project is built on, so where it is absent this test reports itself as
 * skipped, never as passed.
 */
const binary = findElectronBinary();
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
};

test('the packed console starts in Electron, hardened, and shows its version', async () => {
  test.skip(binary === null, 'The Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1).');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [path.join(projectRoot, 'out/main/index.js'), `--data-dir=${dataDir}`],
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
    await window.getByRole('button', { name: 'About' }).click();
    await expect(window.getByTestId('about-version')).toContainText(pkg.version);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
