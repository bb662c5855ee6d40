import path from 'node:path';
import type { PushEventName, PushEventPayload } from '../shared/ipc/push-events';
import { AuditService } from './audit/audit-service';
import { ClientRegistry } from './environments/client-registry';
import { EnvironmentService, type FileDialogs } from './environments/environment-service';
import { EnvironmentStore } from './environments/environment-store';
import { createHealthServices, healthHandlers } from './health/health-services';
import { createDispatcher, type CallHandlers, type Dispatcher } from './ipc/dispatcher';
import type { Logger } from './log/logger';
import { FallbackSecretStore } from './secrets/fallback-secret-store';
import { KeytarSecretStore, type KeytarApi } from './secrets/keytar-secret-store';
import { describeApp, type AppFacts } from './services/app-info';
import { SettingsStore } from './services/settings-store';
import { SessionManager } from './session/session-manager';
import { keychainAccounts } from './session/token-record';
import { createUserAdmin, userAdminHandlers } from './users/user-admin-handlers';
import { openAppDatabase } from './storage/app-database';

/** What the host (Electron, or the test harness) lends to the services. */
export interface HostPorts {
  facts: AppFacts;
  log: Logger;
  /** Opens a folder in the OS file manager; the harness records the request instead. */
  openFolder(folder: string): Promise<void>;
  /** Sends a push event to the renderer. */
  push: <E extends PushEventName>(name: E, payload: PushEventPayload<E>) => void;
  dialogs: FileDialogs;
  /** Loads keytar; null (or a throw) means no keychain: sessions stay in memory. */
  loadKeychain(): Promise<KeytarApi | null>;
}

export interface ComposedServices {
  dispatcher: Dispatcher;
  settings: SettingsStore;
  sessions: SessionManager;
  environments: EnvironmentService;
  audit: AuditService;
  /** Resolves when sessions kept in the keychain have been brought back. */
  restored: Promise<void>;
  dispose(): Promise<void>;
}

/** The keychain service under which every entry of the console is filed. */
export const KEYCHAIN_SERVICE = 'OPP Console';

async function loadKeychain(host: HostPorts): Promise<{ keytar: KeytarApi | null; reason?: string }> {
  try {
    return { keytar: await host.loadKeychain() };
  } catch (error) {
    host.log.warn('secrets: keytar could not be loaded', { error });
    return { keytar: null, reason: 'The keychain module could not be loaded on this system.' };
  }
}

/**
 * The composition root of main's services, in the order they depend on each other. Electron's
 * entry and the test harness both call it, so the browser tests drive the same services.
 */
export async function composeServices(host: HostPorts): Promise<ComposedServices> {
  const { facts, log } = host;
  const settings = new SettingsStore(facts.dataFolder, log);
  const db = openAppDatabase(facts.dataFolder);
  const store = new EnvironmentStore(db, log);

  const { keytar, reason } = await loadKeychain(host);
  const secrets = new FallbackSecretStore(
    keytar === null ? null : new KeytarSecretStore(keytar, KEYCHAIN_SERVICE),
    log,
    // The renderer asks for the keychain status again when session data is invalidated.
    () => host.push('cache.invalidated', { environmentId: null, scope: 'session' }),
    reason,
  );
  const accounts = keychainAccounts(facts.dataFolder);
  const clients = new ClientRegistry(secrets, accounts);
  const sessions = new SessionManager({
    environments: store,
    secrets,
    accounts,
    apiClient: (environment) => clients.apiClient(environment),
    push: host.push,
    log,
  });
  const health = createHealthServices({
    environments: store,
    clients,
    sessions,
    cacheFolder: path.join(facts.dataFolder, 'cache'),
    push: host.push,
    log,
  });
  // Before sessions are restored: the audit sync starts with each restored session.
  const audit = new AuditService({
    cacheFolder: path.join(facts.dataFolder, 'cache'),
    environments: store,
    sessions,
    settings,
    dialogs: host.dialogs,
    push: host.push,
    log,
  });
  const userAdmin = createUserAdmin({
    environments: store,
    clients,
    sessions,
    audit,
    cacheFolder: path.join(facts.dataFolder, 'cache'),
    push: host.push,
    log,
  });
  const environments = new EnvironmentService({
    store,
    secrets,
    accounts,
    clients,
    sessions,
    dialogs: host.dialogs,
    cacheFolder: path.join(facts.dataFolder, 'cache'),
    releaseCaches: (id) => {
      health.release(id);
      audit.release(id);
      userAdmin.release(id);
    },
    push: host.push,
    log,
  });

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
    'environments.list': () => environments.list(),
    'environments.save': (draft) => environments.save(draft),
    'environments.delete': ({ id }) => environments.delete(id),
    'environments.reorder': ({ ids }) => environments.reorder(ids),
    'environments.testConnection': (draft) => environments.testConnection(draft),
    'environments.export': () => environments.exportToFile(),
    'environments.import': () => environments.importFromFile(),
    'session.list': () => sessions.list(),
    'session.signIn': ({ environmentId, username, password }) =>
      sessions.signIn(environmentId, username, password),
    'session.signOut': ({ environmentId }) => sessions.signOut(environmentId),
    'session.keychainStatus': () => secrets.status(),
    ...healthHandlers(health),
    ...userAdminHandlers(userAdmin),
    'audit.status': ({ environmentId }) => audit.status(environmentId),
    'audit.syncNow': ({ environmentId }) => audit.syncNow(environmentId),
    'audit.query': ({ environmentId, filter, order, after, limit }) =>
      audit.query(environmentId, filter, order, after, limit),
    'audit.histogram': ({ environmentId, filter, buckets }) =>
      audit.histogram(environmentId, filter, buckets),
    'audit.event': ({ environmentId, id }) => audit.event(environmentId, id),
    'audit.verify': ({ environmentId }) => audit.verify(environmentId),
    'audit.setHorizon': ({ environmentId, days }) => audit.setHorizon(environmentId, days),
    'audit.export': ({ environmentId, filter, format }) => audit.export(environmentId, filter, format),
    'audit.savedQueries': ({ environmentId }) => audit.savedQueries(environmentId),
    'audit.saveQuery': ({ environmentId, name, filter }) => audit.saveQuery(environmentId, name, filter),
    'audit.deleteQuery': ({ environmentId, name }) => audit.deleteQuery(environmentId, name),
  };

  const restored = sessions.restoreAll().then(
    () => {
      for (const session of sessions.list()) {
        host.push('session.changed', { environmentId: session.environmentId, reason: 'signed_in' });
      }
    },
    (error: unknown) => log.error('session: restoring sessions failed', { error }),
  );

  return {
    dispatcher: createDispatcher(handlers, log),
    settings,
    sessions,
    environments,
    audit,
    restored,
    async dispose() {
      await restored;
      // First: no new audit sync is asked for after a late write, and its copies close.
      userAdmin.close();
      await audit.dispose();
      sessions.dispose();
      clients.dispose();
      health.close();
      db.close();
    },
  };
}
