import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state';

/**
 * The renderer's web preferences. Each line is part of the security checklist in
 * architecture.md; the unit test pins every one, so weakening one fails the build.
 */
export function secureWebPreferences(preloadPath: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: allowDevTools,
  };
}

export const MIN_WINDOW = { width: 1024, height: 640 } as const;

export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  allowDevTools: boolean,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'OPP Console',
    // Shown on ready-to-show, so the user never sees a blank white frame.
    show: false,
    webPreferences: secureWebPreferences(preloadPath, allowDevTools),
  };
}
