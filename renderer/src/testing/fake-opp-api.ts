import { vi, type Mock } from 'vitest';
import { DEFAULT_SETTINGS, type AppInfo, type Settings } from '../../../shared/domain/app';
import type { OppApi } from '../../../shared/ipc/opp-api';
import type { PushEventName, PushEventPayload } from '../../../shared/ipc/push-events';

export const SAMPLE_APP_INFO: AppInfo = {
  name: 'OPP Console',
  version: '0.1.0-test',
  platform: 'linux',
  arch: 'x64',
  electronVersion: null,
  nodeVersion: '22.23.3',
  dataFolder: '/home/admin/.config/opp-console',
  logFolder: '/home/admin/.config/opp-console/logs',
};

type Listener = (payload: never) => void;

/** A fake of main's API for component tests: calls are `vi.fn`s; push events are sent with `emit`. */
export interface FakeOppApi extends OppApi {
  app: {
    info: Mock<OppApi['app']['info']>;
    openLogFolder: Mock<OppApi['app']['openLogFolder']>;
  };
  settings: {
    get: Mock<OppApi['settings']['get']>;
    update: Mock<OppApi['settings']['update']>;
  };
  /** Delivers a push event to the current subscribers, as main would. */
  emit<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  /** How many subscriptions to `name` are open. */
  listenerCount(name: PushEventName): number;
}

/** A fake whose settings behave like main's store (minus validation: tests script failures). */
export function createFakeOppApi(initialSettings: Settings = DEFAULT_SETTINGS): FakeOppApi {
  let settings = { ...initialSettings };
  const listeners = new Map<PushEventName, Set<Listener>>();

  return {
    app: {
      info: vi.fn<OppApi['app']['info']>(() => Promise.resolve(SAMPLE_APP_INFO)),
      openLogFolder: vi.fn<OppApi['app']['openLogFolder']>(() => Promise.resolve(undefined)),
    },
    settings: {
      get: vi.fn<OppApi['settings']['get']>(() => Promise.resolve(settings)),
      update: vi.fn<OppApi['settings']['update']>((patch) => {
        settings = { ...settings, ...patch };
        return Promise.resolve(settings);
      }),
    },
    events: {
      on: (name, listener) => {
        const set = listeners.get(name) ?? new Set<Listener>();
        listeners.set(name, set);
        set.add(listener);
        return () => {
          set.delete(listener);
        };
      },
    },
    emit: (name, payload) => {
      for (const listener of listeners.get(name) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
  };
}
