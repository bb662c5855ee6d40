import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MemoryLogger } from '../log/logger';
import { createAppOrigin, PACKAGED_APP_URL } from './app-origin';
import { openMainWindow } from './main-window';
import { StubBrowserWindow, StubWebContents } from './testing/electron-stubs';
import { installPermissionGuards, installWindowGuards } from './window-guards';
import { mainWindowOptions, secureWebPreferences } from './window-options';
import { WindowStateFile } from './window-state';

const origin = createAppOrigin(PACKAGED_APP_URL);

function guarded(): { contents: StubWebContents; opened: string[] } {
  const contents = new StubWebContents();
  const opened: string[] = [];
  installWindowGuards(contents as unknown as WebContents, {
    origin,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    log: new MemoryLogger(),
  });
  return { contents, opened };
}

describe('window options', () => {
  it('carries every item of the security checklist', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('starts hidden with a minimum size the shell is designed for', () => {
    const options = mainWindowOptions('/p.cjs', { width: 1400, height: 900 }, true);
    expect(options).toMatchObject({ show: false, width: 1400, height: 900, minWidth: 1024, minHeight: 640 });
    expect(options.webPreferences?.devTools).toBe(true);
  });
});

describe('window guards', () => {
  it('denies every new window and sends web links to the OS browser', () => {
    const { contents, opened } = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://docs.example.org/opp' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://user:pw@evil.example' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example.org/opp']);
  });

  it('cancels navigation and redirects away from the app, and allows its own pages', () => {
    const { contents, opened } = guarded();
    expect(contents.tryNavigate('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(contents.tryNavigate('will-redirect', 'http://127.0.0.1:8000/')).toBe(true);
    expect(contents.tryNavigate('will-navigate', 'file:///home/user/.ssh/id_rsa')).toBe(true);
    expect(contents.tryNavigate('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.tryNavigate('will-navigate', 'app://opp/index.html#/audit')).toBe(false);
    expect(opened).toEqual(['https://evil.example/phish', 'http://127.0.0.1:8000/']);
  });

  it('never lets a webview attach', () => {
    const { contents } = guarded();
    expect(contents.tryNavigate('will-attach-webview', 'https://x.example')).toBe(true);
  });

  it('denies every other permission request and check', () => {
    const contents = new StubWebContents();
    installPermissionGuards(contents.session as unknown as Session, origin, new MemoryLogger());
    const ours = { requestingUrl: PACKAGED_APP_URL };
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      contents.session.permissionRequestHandler?.(contents, permission, callback, ours);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(contents.session.permissionCheckHandler?.(contents, 'media', 'app://opp')).toBe(false);
  });

  it('lets only our own pages write to the clipboard (the Copy button of a generated password)', () => {
    const contents = new StubWebContents();
    installPermissionGuards(contents.session as unknown as Session, origin, new MemoryLogger());
    const answer = (requestingUrl: string): unknown => {
      const callback = vi.fn();
      contents.session.permissionRequestHandler?.(contents, 'clipboard-sanitized-write', callback, {
        requestingUrl,
      });
      return callback.mock.calls[0]?.[0];
    };
    expect(answer(PACKAGED_APP_URL)).toBe(true);
    expect(answer('https://evil.example/')).toBe(false);
    expect(
      contents.session.permissionCheckHandler?.(contents, 'clipboard-sanitized-write', 'app://opp'),
    ).toBe(true);
    expect(
      contents.session.permissionCheckHandler?.(
        contents,
        'clipboard-sanitized-write',
        'https://evil.example',
      ),
    ).toBe(false);
  });
});

describe('main window', () => {
  it('opens hardened at the remembered place, and remembers the new one on close', () => {
    const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-win-'));
    const stateFile = new WindowStateFile(dataFolder);
    stateFile.save({ bounds: { x: 100, y: 80, width: 1300, height: 850 }, maximized: true });
    let created: StubBrowserWindow | null = null;
    const window = openMainWindow({
      createWindow: (options) => {
        created = new StubBrowserWindow(options as Record<string, unknown>);
        return created as unknown as BrowserWindow;
      },
      workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
      stateFile,
      origin,
      preloadPath: '/app/preload/index.cjs',
      allowDevTools: false,
      openExternal: () => Promise.resolve(),
      log: new MemoryLogger(),
    }) as unknown as StubBrowserWindow;

    expect(window.options).toMatchObject({ x: 100, y: 80, width: 1300, height: 850, show: false });
    expect(window.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window.loadedUrl).toBe('app://opp/index.html');
    expect(window.webContents.windowOpenHandler).not.toBeNull();
    expect(window.webContents.session.permissionRequestHandler).not.toBeNull();
    window.emit('ready-to-show');
    expect(window.shown && window.maximized).toBe(true);

    window.maximized = false;
    window.bounds = { x: 300, y: 200, width: 1100, height: 700 };
    window.emit('move');
    window.emit('close');
    expect(stateFile.load()).toEqual({
      bounds: { x: 300, y: 200, width: 1100, height: 700 },
      maximized: false,
    });
    fs.rmSync(dataFolder, { recursive: true, force: true });
  });

  it('forgets a position on a display that is gone', () => {
    const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-win-'));
    const stateFile = new WindowStateFile(dataFolder);
    stateFile.save({ bounds: { x: 3000, y: 100, width: 1200, height: 800 }, maximized: false });
    const window = openMainWindow({
      createWindow: (options) =>
        new StubBrowserWindow(options as Record<string, unknown>) as unknown as BrowserWindow,
      workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
      stateFile,
      origin,
      preloadPath: '/p.cjs',
      allowDevTools: false,
      openExternal: () => Promise.resolve(),
      log: new MemoryLogger(),
    }) as unknown as StubBrowserWindow;
    expect(window.options).toMatchObject({ width: 1200, height: 800 });
    expect(window.options['x']).toBeUndefined();
    fs.rmSync(dataFolder, { recursive: true, force: true });
  });
});
