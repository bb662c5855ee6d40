import type { Session, WebContents } from 'electron';
import type { Logger } from '../log/logger';
import { isExternalWebUrl, type AppOrigin } from './app-origin';

export interface GuardDeps {
  origin: AppOrigin;
  openExternal: (url: string) => Promise<void>;
  log: Logger;
}

/**
 * Keeps the window on our own renderer: new windows are never created (web links go to the OS
 * browser), navigation and redirects away from the app are cancelled, webviews never attach.
 */
export function installWindowGuards(contents: WebContents, deps: GuardDeps): void {
  const sendOut = (url: string): void => {
    if (isExternalWebUrl(url)) {
      deps
        .openExternal(url)
        .catch((error: unknown) => deps.log.warn('window: could not open a link', { error }));
    } else {
      deps.log.warn('window: blocked a link that is not a web page', { scheme: url.split(':')[0] });
    }
  };

  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
  const keepHome = (event: { preventDefault(): void }, url: string): void => {
    if (deps.origin.owns(url)) return;
    event.preventDefault();
    deps.log.warn('window: blocked navigation away from the app');
    sendOut(url);
  };
  contents.on('will-navigate', keepHome);
  contents.on('will-redirect', keepHome);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log.warn('window: blocked a webview');
  });
  contents.on('render-process-gone', (_event, details) => {
    deps.log.error('window: renderer process gone', { reason: details.reason, exitCode: details.exitCode });
  });
}

/**
 * Writing to the clipboard (a generated password's Copy button) is the one permission the
 * console uses, and only for its own pages; reading the clipboard is not allowed.
 */
const GRANTED_TO_OUR_PAGES: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The console needs no camera, notifications, geolocation or anything else: deny every other request. */
export function installPermissionGuards(session: Session, origin: AppOrigin, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    if (GRANTED_TO_OUR_PAGES.has(permission) && origin.owns(details.requestingUrl)) {
      callback(true);
      return;
    }
    log.warn('window: denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      GRANTED_TO_OUR_PAGES.has(permission) && origin.owns(requestingOrigin),
  );
}
