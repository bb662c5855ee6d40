import type { Logger } from './log/logger';
import { createDispatcher, type CallHandlers, type Dispatcher } from './ipc/dispatcher';
import { describeApp, type AppFacts } from './services/app-info';
import { SettingsStore } from './services/settings-store';
import type { PushEventName, PushEventPayload } from '../shared/ipc/push-events';

/** What the host (Electron, or the test harness) lends to the services. */
export interface HostPorts {
  facts: AppFacts;
  log: Logger;
  /** Opens a folder in the OS file manager; the harness records the request instead. */
  openFolder(folder: string): Promise<void>;
  /** Sends a push event to the renderer. */
  push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
}

export interface ComposedServices {
  dispatcher: Dispatcher;
  settings: SettingsStore;
  dispose(): Promise<void>;
}

/**
 * The composition root of main's services, in the order they depend on each other. Electron's
 * entry and the test harness both call it, so the browser tests drive the same services.
 */
export function composeServices(host: HostPorts): ComposedServices {
  const { facts, log } = host;
  const settings = new SettingsStore(facts.dataFolder, log);

  const handlers: CallHandlers = {
    'app.info': () => describeApp(facts),
    'app.openLogFolder': async () => {
      await host.openFolder(facts.logFolder);
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      host.push('cache.invalidated', { environmentId: null, scope: 'settings' });
      return next;
    },
  };

  return {
    dispatcher: createDispatcher(handlers, log),
    settings,
    dispose: () => Promise.resolve(),
  };
}
