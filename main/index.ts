import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, shell } from 'electron';
import { composeServices } from './compose';
import { loadKeytar } from './secrets/load-keytar';
import { createFileLogger } from './log/logger';
import { createAppOrigin, PACKAGED_APP_URL } from './electron/app-origin';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './electron/app-protocol';
import { parseDataDirArg, portablePaths } from './electron/data-dir';
import { createPushSender, registerIpcHandlers } from './electron/ipc-adapter';
import { openMainWindow } from './electron/main-window';
import { aboutPanelOptions, buildMenuTemplate } from './electron/menu';
import { isTrustedSender } from './electron/trusted-sender';
import { WindowStateFile } from './electron/window-state';

/*
 * Electron's entry: the only file that takes values from the `electron` module besides the
 * small adapters it hands them to. Order: data folder, single-instance lock, scheme, then on
 * ready: logger, menu, services, renderer protocol, IPC, window.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

// `--data-dir DIR` (or `=DIR`) makes a portable install keep everything in one folder. It is
// applied first: the single-instance lock below lives in userData, so each data folder is its
// own instance, and nothing (the logger, the stores, Chromium) has touched a path yet.
function applyDataDir(): boolean {
  let dataDir: string | null;
  try {
    dataDir = parseDataDirArg(process.argv, process.cwd());
  } catch (error) {
    // Before `ready` on Linux this prints to stderr instead of showing a dialog.
    dialog.showErrorBox(
      'OPP Console could not start',
      error instanceof Error ? error.message : String(error),
    );
    return false;
  }
  if (dataDir !== null) {
    const paths = portablePaths(dataDir);
    app.setPath('userData', paths.userData);
    app.setPath('sessionData', paths.sessionData);
    app.setAppLogsPath(paths.logs);
  }
  return true;
}

if (!applyDataDir()) {
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
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

  const openFolder = async (folder: string): Promise<void> => {
    const problem = await shell.openPath(folder);
    if (problem !== '') log.warn('app: could not open a folder', { problem });
  };
  installMenu(logFolder, openFolder);

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
    openFolder,
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

/** The platform's application menu and the native About panel (Help → About, or the app menu on macOS). */
function installMenu(logFolder: string, openFolder: (folder: string) => Promise<void>): void {
  app.setAboutPanelOptions(
    aboutPanelOptions({
      platform: process.platform,
      appName: app.getName(),
      version: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      // Packaged: electron-builder.yml copies the 256 px icon into resources/.
      iconPath: app.isPackaged
        ? path.join(process.resourcesPath, 'icon.png')
        : path.join(here, '../../assets/icons/256x256.png'),
    }),
  );
  const template = buildMenuTemplate(
    { platform: process.platform, isDev: !app.isPackaged, appName: app.getName() },
    { openLogFolder: () => void openFolder(logFolder), showAbout: () => app.showAboutPanel() },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
