import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/ipc/contract';
import { callChannel, PUSH_CHANNEL } from '../../shared/ipc/opp-api';
import type { Dispatcher } from '../ipc/dispatcher';
import { MemoryLogger } from '../log/logger';
import { createAppOrigin, PACKAGED_APP_URL } from './app-origin';
import { resolveAppFile } from './app-protocol';
import { createPushSender, registerIpcHandlers, type IpcAdapterDeps } from './ipc-adapter';
import { StubIpcMain, StubWebContents } from './testing/electron-stubs';
import { isTrustedSender } from './trusted-sender';

const origin = createAppOrigin(PACKAGED_APP_URL);

function eventFrom(contents: StubWebContents, frame: { url: string } | null): IpcMainInvokeEvent {
  return { sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('sender check', () => {
  const contents = new StubWebContents();

  it('trusts our window main frame at our origin', () => {
    expect(isTrustedSender(eventFrom(contents, contents.mainFrame), contents.id, origin)).toBe(true);
  });

  it('rejects a foreign frame (an iframe) of our own window', () => {
    const iframe = { url: 'app://opp/index.html' };
    expect(isTrustedSender(eventFrom(contents, iframe), contents.id, origin)).toBe(false);
  });

  it('rejects our main frame once it shows a foreign origin', () => {
    const navigated = new StubWebContents();
    navigated.mainFrame = { url: 'https://evil.example/' };
    expect(isTrustedSender(eventFrom(navigated, navigated.mainFrame), navigated.id, origin)).toBe(false);
    navigated.mainFrame = { url: 'file:///tmp/x.html' };
    expect(isTrustedSender(eventFrom(navigated, navigated.mainFrame), navigated.id, origin)).toBe(false);
  });

  it('rejects another web contents, a destroyed frame, and any sender before the window exists', () => {
    const other = new StubWebContents();
    other.id = 99;
    expect(isTrustedSender(eventFrom(other, other.mainFrame), contents.id, origin)).toBe(false);
    expect(isTrustedSender(eventFrom(contents, null), contents.id, origin)).toBe(false);
    expect(isTrustedSender(eventFrom(contents, contents.mainFrame), null, origin)).toBe(false);
  });

  it('uses scheme, host and port for the dev server origin', () => {
    const dev = createAppOrigin('http://localhost:5173/');
    expect(dev.owns('http://localhost:5173/index.html')).toBe(true);
    expect(dev.owns('http://localhost:5174/')).toBe(false);
    expect(dev.owns('https://localhost:5173/')).toBe(false);
  });
});

describe('IPC adapter', () => {
  function setup(trusted: boolean) {
    const ipcMain = new StubIpcMain();
    const calls: unknown[][] = [];
    const dispatcher: Dispatcher = {
      dispatch: (name, input) => {
        calls.push([name, input]);
        return Promise.resolve({ ok: true, data: null });
      },
    };
    const log = new MemoryLogger();
    const unregister = registerIpcHandlers({
      ipcMain: ipcMain as unknown as IpcAdapterDeps['ipcMain'],
      dispatcher,
      isTrusted: () => trusted,
      log,
    });
    return { ipcMain, calls, log, unregister };
  }

  it('registers exactly one channel per contract call, and unregisters them', () => {
    const { ipcMain, unregister } = setup(true);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('routes a trusted call through the dispatcher', async () => {
    const { ipcMain, calls } = setup(true);
    const handler = ipcMain.handlers.get(callChannel('settings.update'));
    await expect(handler?.({ sender: { id: 7 } }, { theme: 'dark' })).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(calls).toEqual([['settings.update', { theme: 'dark' }]]);
  });

  it('drops and logs a call from an untrusted sender without dispatching it', () => {
    const { ipcMain, calls, log } = setup(false);
    const handler = ipcMain.handlers.get(callChannel('app.info'));
    expect(() => handler?.({ sender: { id: 3 } }, undefined)).toThrow('Refused.');
    expect(calls).toHaveLength(0);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('untrusted') }),
    ]);
  });
});

describe('push sender', () => {
  it('sends events on the push channel once the renderer has loaded, and drops them before', () => {
    const contents = new StubWebContents();
    const push = createPushSender(() => contents as unknown as WebContents, new MemoryLogger());
    contents.loading = true;
    push('cache.invalidated', { environmentId: null, scope: 'settings' });
    contents.loading = false;
    push('connectivity.changed', { environmentId: 'prod', online: false });
    expect(contents.sent).toEqual([
      [PUSH_CHANNEL, 'connectivity.changed', { environmentId: 'prod', online: false }],
    ]);
  });
});

describe('app:// protocol', () => {
  const root = '/opt/opp/out/renderer';
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://opp/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://opp/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://opp/assets/index-abc.js?v=1')).toBe(`${root}/assets/index-abc.js`);
  });

  it('never resolves a file outside the renderer folder', () => {
    for (const url of [
      'app://opp/../../etc/passwd',
      'app://opp/%2e%2e/%2e%2e/etc/passwd',
      'app://opp/..%2f..%2fetc/passwd',
      'app://opp/assets/..%2f..%2f..%2fetc/passwd',
    ]) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(`${root}/`), `${url} -> ${String(file)}`).toBe(true);
    }
  });

  it('refuses other hosts, other schemes, encoded separators and NUL bytes', () => {
    for (const url of [
      'app://opp/a%5c..%5c..%5cx',
      'app://opp/%00.html',
      'app://other/index.html',
      'https://opp/index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });
});
