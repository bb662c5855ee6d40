import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, shell } from 'electron';
import { composeServices } from './compose';
import { loadKeytar } from './secrets/load-keytar';
import { createFileLogger } from './log/logger';
import { createAppOrigin, PACKAGED_APP_URL } from './electron/app-origin';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './electron/app-protocol';
import { createPushSender, registerIpcHandlers } from './electron/ipc-adapter';
import { openMainWindow } from './electron/main-window';
import { isTrustedSender } from './electron/trusted-sender';
import { WindowStateFile } from './electron/window-state';

/*
 * Electron's entry: the only file that takes values from the `electron` module besides the
 * small adapters it hands them to. Order: data folder, single-instance lock, scheme, then on
 * ready: logger, services, renderer protocol, IPC, window.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

// `--data-dir DIR` makes a portable install keep everything in one folder.
const dataDirArg = process.argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length);
if (dataDirArg !== undefined && dataDirArg !== '') app.setPath('userData', path.resolve(dataDirArg));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('OPP Console could not start:', error);
      dialog.showErrorBox(
        'OPP Console could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const dataFolder = app.getPath('userData');
  const logFolder = app.getPath('logs');
  const log = createFileLogger({ logFolder, console: !app.isPackaged });
  log.info('app: starting', { version: app.getVersion(), electron: process.versions.electron });

  let window: BrowserWindow | null = null;
  const services = await composeServices({
    facts: {
      name: app.getName(),
      version: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      dataFolder,
      logFolder,
    },
    log,
    openFolder: async (folder) => {
      const problem = await shell.openPath(folder);
      if (problem !== '') log.warn('app: could not open a folder', { problem });
    },
    push: createPushSender(() => window?.webContents ?? null, log),
    dialogs: {
      chooseSaveFile: async ({ title, defaultName }) => {
        const options = { title, defaultPath: path.join(app.getPath('documents'), defaultName) };
        const result =
          window === null
            ? await dialog.showSaveDialog(options)
            : await dialog.showSaveDialog(window, options);
        return result.canceled || result.filePath === undefined ? null : result.filePath;
      },
      chooseOpenFile: async ({ title }) => {
        const options = {
          title,
          properties: ['openFile' as const],
          filters: [{ name: 'JSON', extensions: ['json'] }],
        };
        const result =
          window === null
            ? await dialog.showOpenDialog(options)
            : await dialog.showOpenDialog(window, options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
    loadKeychain: loadKeytar,
  });

  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const origin = createAppOrigin(devUrl ?? PACKAGED_APP_URL);
  serveRenderer(protocol, net, path.join(here, '../renderer'));

  registerIpcHandlers({
    ipcMain,
    dispatcher: services.dispatcher,
    isTrusted: (event) => isTrustedSender(event, window?.webContents.id ?? null, origin),
    log,
  });

  const showWindow = (): void => {
    window = openMainWindow({
      createWindow: (options) => new BrowserWindow(options),
      workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
      stateFile: new WindowStateFile(dataFolder),
      origin,
      preloadPath: path.join(here, '../preload/index.cjs'),
      allowDevTools: !app.isPackaged,
      openExternal: (url) => shell.openExternal(url),
      log,
    });
    window.on('closed', () => {
      window = null;
    });
  };
  showWindow();

  // A second launch focuses the window we have instead of starting another console.
  app.on('second-instance', () => {
    if (window === null) return showWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window === null) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void services.dispose();
  });
}
