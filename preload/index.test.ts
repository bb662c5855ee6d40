import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../shared/ipc/contract';
import { callChannel, PUSH_CHANNEL } from '../shared/ipc/opp-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  ipcListeners: new Map<string, Listener>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      electron.invoked.push(args);
      return Promise.resolve({ ok: true, data: 'answer' });
    },
    on: (channel: string, listener: Listener) => electron.ipcListeners.set(channel, listener),
  },
}));

interface ExposedBridge {
  app: { info(): Promise<unknown> };
  settings: { update(input: unknown): Promise<unknown> };
  events: { on(name: string, listener: (payload: unknown) => void): () => void };
}

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.clear();
    electron.invoked.length = 0;
    await import('./index');
  });

  it('exposes window.opp and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['opp']);
    const opp = electron.exposed.get('opp') as Record<string, unknown>;
    expect(Object.keys(opp).sort()).toEqual(
      [...new Set(CALL_NAMES.map((n) => n.split('.')[0])), 'events'].sort(),
    );
    expect(JSON.stringify(Object.keys(opp))).not.toMatch(/invoke|send|ipc/i);
  });

  it('sends each call on its own channel', async () => {
    const opp = electron.exposed.get('opp') as ExposedBridge;
    await expect(opp.settings.update({ theme: 'dark' })).resolves.toEqual({ ok: true, data: 'answer' });
    await opp.app.info();
    expect(electron.invoked).toEqual([
      [callChannel('settings.update'), { theme: 'dark' }],
      [callChannel('app.info'), undefined],
    ]);
  });

  it('delivers push events to subscribers until they unsubscribe, and ignores unknown events', () => {
    const opp = electron.exposed.get('opp') as ExposedBridge;
    const received: unknown[] = [];
    const off = opp.events.on('cache.invalidated', (payload) => received.push(payload));
    const push = electron.ipcListeners.get(PUSH_CHANNEL);
    push?.({}, 'cache.invalidated', { environmentId: null, scope: 'settings' });
    push?.({}, 'not.an.event', { x: 1 });
    off();
    push?.({}, 'cache.invalidated', { environmentId: null, scope: 'users' });
    expect(received).toEqual([{ environmentId: null, scope: 'settings' }]);
  });
});
