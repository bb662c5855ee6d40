import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { Logger } from '../log/logger';
import type { AppOrigin } from './app-origin';
import { installPermissionGuards, installWindowGuards } from './window-guards';
import { mainWindowOptions } from './window-options';
import { fitToDisplays, type Area, type WindowStateFile } from './window-state';

export interface MainWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  workAreas(): Area[];
  stateFile: WindowStateFile;
  origin: AppOrigin;
  preloadPath: string;
  allowDevTools: boolean;
  openExternal: (url: string) => Promise<void>;
  log: Logger;
}

/** Creates the one window: hardened, guarded, at the size and place it had last time. */
export function openMainWindow(deps: MainWindowDeps): BrowserWindow {
  const state = fitToDisplays(deps.stateFile.load(), deps.workAreas());
  const window = deps.createWindow(mainWindowOptions(deps.preloadPath, state.bounds, deps.allowDevTools));
  installWindowGuards(window.webContents, {
    origin: deps.origin,
    openExternal: deps.openExternal,
    log: deps.log,
  });
  installPermissionGuards(window.webContents.session, deps.origin, deps.log);

  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  // Remember the normal (not maximized) bounds, so un-maximizing next time restores them.
  let normalBounds: Rectangle = window.getNormalBounds();
  const track = (): void => {
    if (!window.isMaximized() && !window.isMinimized() && !window.isFullScreen())
      normalBounds = window.getBounds();
  };
  window.on('resize', track);
  window.on('move', track);
  window.on('close', () => {
    try {
      deps.stateFile.save({ bounds: normalBounds, maximized: window.isMaximized() });
    } catch (error) {
      deps.log.warn('window: could not remember its size and place', { error });
    }
  });
  void window.loadURL(deps.origin.entryUrl).catch((error: unknown) => {
    deps.log.error('window: the renderer did not load', { error });
  });
  return window;
}
