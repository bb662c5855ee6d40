import type { AboutPanelOptionsOptions, MenuItemConstructorOptions } from 'electron';

/** What the menu depends on, gathered by main/index.ts from `app` and `process`. */
export interface MenuFacts {
  platform: NodeJS.Platform;
  /** Not packaged: reload and the developer tools are offered. Never true in an installed app. */
  isDev: boolean;
  appName: string;
}

/** What the menu's own items do; the standard ones are Electron roles. */
export interface MenuActions {
  /** Opens the log folder in the system's file manager. */
  openLogFolder(): void;
  /** Shows the native About panel (app.showAboutPanel, filled by aboutPanelOptions). */
  showAbout(): void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The application menu, following each platform's conventions: on macOS an application menu
 * (About, Services, Hide, Quit) and About there only; on Windows and Linux, File → Quit and
 * About at the end of Help. Reload and the developer tools appear only in development: a
 * packaged console must not reload under the user's feet or open DevTools (Electron's default
 * menu, used when none is set, has both).
 */
export function buildMenuTemplate(facts: MenuFacts, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = facts.platform === 'darwin';
  // `&` marks the Alt mnemonic on Windows and Linux; macOS has no mnemonics.
  const label = (text: string): string => (mac ? text : `&${text}`);
  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: `About ${facts.appName}`,
    click: () => actions.showAbout(),
  };

  const appMenu: MenuItemConstructorOptions = {
    label: facts.appName,
    submenu: [
      about,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: label('File'),
    // One window: on macOS closing it keeps the app running (the Dock reopens it).
    submenu: mac ? [{ role: 'close' }] : [{ role: 'quit' }],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: label('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac
        ? ([{ role: 'pasteAndMatchStyle' }, { role: 'delete' }, { role: 'selectAll' }] as const)
        : ([{ role: 'delete' }, separator, { role: 'selectAll' }] as const)),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: label('View'),
    submenu: [
      ...(facts.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] as const)
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = mac
    ? {
        label: 'Window',
        role: 'window',
        submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }],
      }
    : { label: label('Window'), submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const helpMenu: MenuItemConstructorOptions = {
    label: label('Help'),
    role: 'help',
    submenu: [
      { id: 'open-log-folder', label: 'Open Log Folder', click: () => actions.openLogFolder() },
      ...(mac ? [] : [separator, about]),
    ],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

export interface AboutFacts {
  platform: NodeJS.Platform;
  appName: string;
  version: string;
  electronVersion: string | null;
  /** A PNG shown on Linux and Windows (macOS takes the app's icon). Omitted when absent. */
  iconPath: string | null;
}

/** What the native About panel shows: the name, the version, and Electron's version. */
export function aboutPanelOptions(facts: AboutFacts): AboutPanelOptionsOptions {
  const electron = facts.electronVersion === null ? '' : `Electron ${facts.electronVersion}`;
  return {
    applicationName: facts.appName,
    applicationVersion: facts.version,
    // macOS shows `version` in brackets after the application version; it carries the runtime.
    ...(facts.platform === 'darwin' && electron !== '' ? { version: electron } : {}),
    // Linux and Windows have no such field: the runtime goes under the copyright line.
    copyright:
      facts.platform !== 'darwin' && electron !== ''
        ? `Open Policy Platform administration console\n${electron}`
        : 'Open Policy Platform administration console',
    ...(facts.iconPath !== null && facts.platform !== 'darwin' ? { iconPath: facts.iconPath } : {}),
  };
}
