import { vi, type Mock } from 'vitest';
import { DEFAULT_SETTINGS, type AppInfo, type Settings } from '../../../shared/domain/app';
import type { EnvironmentDraft, EnvironmentView, ConnectionReport } from '../../../shared/domain/environment';
import type { KeychainStatus, Session } from '../../../shared/domain/session';
import { OppError } from '../../../shared/errors';
import type { OppApi } from '../../../shared/ipc/opp-api';
import type { PushEventName, PushEventPayload } from '../../../shared/ipc/push-events';
import type { CallOutput } from '../../../shared/ipc/contract';
import { FakeAuditStore, type FakeAuditSeed } from './fake-audit-store';
import { createFakeHealthApi, type FakeHealthApi, type FakeHealthSeed } from './fake-health';
import { createFakeRolesApi, type FakeRolesApi } from './fake-roles';
import { createFakeUsersApi, type FakeUsersApi } from './fake-users';

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

/** An environment as `environments.list` answers it; `position` follows the order given to the fake. */
export function sampleEnvironment(
  overrides: Partial<EnvironmentView> & Pick<EnvironmentView, 'id' | 'name'>,
): EnvironmentView {
  return {
    apiUrl: `https://${overrides.id}.opp.example`,
    prometheus: null,
    alertmanager: null,
    caFile: null,
    colour: 'blue',
    isProduction: false,
    position: 0,
    ...overrides,
  };
}

export const STAGING = sampleEnvironment({ id: 'staging', name: 'Staging', colour: 'green' });
export const PRODUCTION = sampleEnvironment({
  id: 'production',
  name: 'Production',
  colour: 'red',
  isProduction: true,
  prometheus: { url: 'https://prometheus.opp.example', auth: 'basic', username: 'scraper', hasSecret: true },
});

/** A session as main's `session.list` answers it (an admin on a full server unless overridden). */
export function sampleSession(
  environmentId: string,
  overrides: Partial<Omit<Session, 'environmentId'>> = {},
): Session {
  return {
    environmentId,
    username: 'alice',
    userId: 1,
    role: 'admin',
    permissions: ['read', 'write', 'delete', 'admin', 'manage_users', 'manage_roles', 'view_audit_logs'],
    capabilities: [
      'refresh',
      'user_admin',
      'roles_api',
      'audit_cursor',
      'audit_hash_chain',
      'health_comprehensive',
    ],
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    memoryOnly: false,
    ...overrides,
  };
}

/** What the fake starts with besides settings. */
export interface FakeSeed {
  environments?: readonly EnvironmentView[];
  sessions?: readonly Session[];
  keychain?: KeychainStatus;
  /** Audit copies by environment id; an environment without one has never been copied. */
  audit?: Readonly<Record<string, FakeAuditSeed | FakeAuditStore>>;
  /** Monitoring as `health.*` answers it (see fake-health.ts). */
  health?: FakeHealthSeed;
}

/** Where the fake's audit export says it wrote, and the hash its manifest names. */
export const FAKE_EXPORT_SHA256 = '9f2c4e1b7a3d5f60812c9e4b3a7d6f5e4c3b2a1908f7e6d5c4b3a29180f7e6d5';

type Listener = (payload: never) => void;
type Fn<D extends keyof OppApi, A extends keyof OppApi[D]> = Mock<
  OppApi[D][A] extends (...args: never[]) => unknown ? OppApi[D][A] : never
>;

/** A fake of main's API for component tests: calls are `vi.fn`s; push events are sent with `emit`. */
export interface FakeOppApi extends OppApi {
  app: { info: Fn<'app', 'info'>; openLogFolder: Fn<'app', 'openLogFolder'> };
  settings: { get: Fn<'settings', 'get'>; update: Fn<'settings', 'update'> };
  environments: {
    list: Fn<'environments', 'list'>;
    save: Fn<'environments', 'save'>;
    delete: Fn<'environments', 'delete'>;
    reorder: Fn<'environments', 'reorder'>;
    testConnection: Fn<'environments', 'testConnection'>;
    export: Fn<'environments', 'export'>;
    import: Fn<'environments', 'import'>;
  };
  session: {
    list: Fn<'session', 'list'>;
    signIn: Fn<'session', 'signIn'>;
    signOut: Fn<'session', 'signOut'>;
    keychainStatus: Fn<'session', 'keychainStatus'>;
  };
  audit: {
    status: Fn<'audit', 'status'>;
    syncNow: Fn<'audit', 'syncNow'>;
    query: Fn<'audit', 'query'>;
    histogram: Fn<'audit', 'histogram'>;
    event: Fn<'audit', 'event'>;
    verify: Fn<'audit', 'verify'>;
    setHorizon: Fn<'audit', 'setHorizon'>;
    export: Fn<'audit', 'export'>;
    savedQueries: Fn<'audit', 'savedQueries'>;
    saveQuery: Fn<'audit', 'saveQuery'>;
    deleteQuery: Fn<'audit', 'deleteQuery'>;
  };
  /** The audit copy of an environment (an empty, never-copied one unless seeded). */
  auditStore(environmentId: string): FakeAuditStore;
  health: FakeHealthApi;
  users: FakeUsersApi;
  roles: FakeRolesApi;
  /** Delivers a push event to the current subscribers, as main would. */
  emit<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  /** How many subscriptions to `name` are open. */
  listenerCount(name: PushEventName): number;
}

function slug(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'env';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function monitoringView(
  target: EnvironmentDraft['prometheus'],
  previous: EnvironmentView['prometheus'] | undefined,
): EnvironmentView['prometheus'] {
  if (target === null) return null;
  const { secret, ...rest } = target;
  const hasSecret =
    target.auth !== 'none' && (secret === undefined ? (previous?.hasSecret ?? false) : secret !== null);
  return { ...rest, hasSecret };
}

/**
 * A fake whose settings, environments and sessions behave like main's (names unique ignoring
 * case, secrets kept or replaced as the draft says), minus validation: tests script failures
 * with `mockRejectedValueOnce`.
 */
export function createFakeOppApi(
  initialSettings: Settings = DEFAULT_SETTINGS,
  seed: FakeSeed = {},
): FakeOppApi {
  let settings = { ...initialSettings };
  let environments = (seed.environments ?? []).map((environment, position) => ({ ...environment, position }));
  let sessions = [...(seed.sessions ?? [])];
  const keychain: KeychainStatus = seed.keychain ?? { backend: 'keychain', reason: null };
  const listeners = new Map<PushEventName, Set<Listener>>();
  const auditStores = new Map<string, FakeAuditStore>(
    Object.entries(seed.audit ?? {}).map(([id, copy]) => [
      id,
      copy instanceof FakeAuditStore ? copy : new FakeAuditStore(id, copy),
    ]),
  );
  const auditStore = (environmentId: string): FakeAuditStore => {
    let store = auditStores.get(environmentId);
    if (store === undefined) {
      store = new FakeAuditStore(environmentId, { count: 0, lastSyncAt: null });
      auditStores.set(environmentId, store);
    }
    return store;
  };
  const savedQueries = new Map<string, CallOutput<'audit.savedQueries'>>();

  const renumber = (list: EnvironmentView[]): EnvironmentView[] =>
    list.map((environment, position) => ({ ...environment, position }));

  return {
    app: {
      info: vi.fn(() => Promise.resolve(SAMPLE_APP_INFO)),
      openLogFolder: vi.fn(() => Promise.resolve(undefined)),
    },
    settings: {
      get: vi.fn(() => Promise.resolve(settings)),
      update: vi.fn((patch) => {
        settings = { ...settings, ...patch };
        return Promise.resolve(settings);
      }),
    },
    environments: {
      list: vi.fn(() => Promise.resolve(environments.map((environment) => ({ ...environment })))),
      save: vi.fn((draft) => {
        const previous = environments.find((environment) => environment.id === draft.id);
        if (draft.id !== undefined && previous === undefined) {
          return Promise.reject(new OppError('NOT_FOUND', 'This environment no longer exists.'));
        }
        const name = draft.name.trim();
        if (environments.some((e) => e.id !== draft.id && e.name.toLowerCase() === name.toLowerCase())) {
          return Promise.reject(
            new OppError('CONFLICT', `Another environment is already called "${name}". Choose another name.`),
          );
        }
        const saved: EnvironmentView = {
          id: previous?.id ?? slug(name, new Set(environments.map((e) => e.id))),
          name,
          apiUrl: draft.apiUrl,
          prometheus: monitoringView(draft.prometheus ?? null, previous?.prometheus),
          alertmanager: monitoringView(draft.alertmanager ?? null, previous?.alertmanager),
          caFile: draft.caFile ?? null,
          colour: draft.colour,
          isProduction: draft.isProduction,
          position: previous?.position ?? environments.length,
        };
        environments =
          previous === undefined
            ? [...environments, saved]
            : environments.map((e) => (e.id === saved.id ? saved : e));
        return Promise.resolve({ ...saved });
      }),
      delete: vi.fn(({ id }) => {
        environments = renumber(environments.filter((environment) => environment.id !== id));
        sessions = sessions.filter((session) => session.environmentId !== id);
        return Promise.resolve(undefined);
      }),
      reorder: vi.fn(({ ids }) => {
        const byId = new Map(environments.map((environment) => [environment.id, environment]));
        if (ids.length !== byId.size || ids.some((id) => !byId.has(id))) {
          return Promise.reject(
            new OppError('CONFLICT', 'The list of environments changed meanwhile. Reload it and try again.'),
          );
        }
        environments = renumber(ids.map((id) => byId.get(id) as EnvironmentView));
        return Promise.resolve(undefined);
      }),
      testConnection: vi.fn((draft) => {
        const checks: ConnectionReport['checks'] = [
          { target: 'api', url: draft.apiUrl, outcome: 'ok', message: 'OPP 4.2.0, healthy', latencyMs: 12 },
        ];
        for (const target of ['prometheus', 'alertmanager'] as const) {
          const configured = draft[target];
          if (configured !== null) {
            checks.push({ target, url: configured.url, outcome: 'ok', message: 'Ready', latencyMs: 8 });
          }
        }
        return Promise.resolve({ checks });
      }),
      export: vi.fn(() =>
        Promise.resolve({ file: '/home/admin/opp-environments.json', count: environments.length }),
      ),
      import: vi.fn(() => Promise.resolve({ file: null, added: [], skipped: [] })),
    },
    session: {
      list: vi.fn(() => Promise.resolve(sessions.map((session) => ({ ...session })))),
      signIn: vi.fn(({ environmentId, username }) => {
        const session = sampleSession(environmentId, {
          username: username.trim(),
          memoryOnly: keychain.backend === 'memory',
        });
        sessions = [...sessions.filter((s) => s.environmentId !== environmentId), session];
        return Promise.resolve({ ...session });
      }),
      signOut: vi.fn(({ environmentId }) => {
        sessions = sessions.filter((session) => session.environmentId !== environmentId);
        return Promise.resolve(undefined);
      }),
      keychainStatus: vi.fn(() => Promise.resolve({ ...keychain })),
    },
    audit: {
      status: vi.fn(({ environmentId }) => Promise.resolve(auditStore(environmentId).status())),
      syncNow: vi.fn(({ environmentId }) => {
        if (!sessions.some((session) => session.environmentId === environmentId)) {
          return Promise.reject(new OppError('AUTH_REQUIRED', 'Sign in to copy the audit log.'));
        }
        const store = auditStore(environmentId);
        store.state = 'idle';
        store.lastSyncAt = new Date().toISOString();
        return Promise.resolve(store.status());
      }),
      query: vi.fn(({ environmentId, ...input }) => Promise.resolve(auditStore(environmentId).query(input))),
      histogram: vi.fn(({ environmentId, filter, buckets }) =>
        Promise.resolve(auditStore(environmentId).histogram(filter, buckets)),
      ),
      event: vi.fn(({ environmentId, id }) => {
        const store = auditStore(environmentId);
        return Promise.resolve(id <= store.count ? store.event(id) : null);
      }),
      verify: vi.fn(({ environmentId }) => Promise.resolve(auditStore(environmentId).status())),
      setHorizon: vi.fn(({ environmentId, days }) => {
        const store = auditStore(environmentId);
        store.horizonDays = days;
        return Promise.resolve(store.status());
      }),
      export: vi.fn(({ environmentId, filter, format }) => {
        const file = `/home/admin/audit-${environmentId}.${format}`;
        return Promise.resolve({
          file,
          manifestFile: `${file}.manifest.json`,
          count: auditStore(environmentId).ids(filter).length,
          sha256: FAKE_EXPORT_SHA256,
        });
      }),
      savedQueries: vi.fn(({ environmentId }) =>
        Promise.resolve([...(savedQueries.get(environmentId) ?? [])]),
      ),
      saveQuery: vi.fn(({ environmentId, name, filter }) => {
        const kept = (savedQueries.get(environmentId) ?? []).filter(
          (query) => query.name.toLowerCase() !== name.trim().toLowerCase(),
        );
        const list = [...kept, { name: name.trim(), filter, savedAt: new Date().toISOString() }];
        savedQueries.set(environmentId, list);
        return Promise.resolve([...list]);
      }),
      deleteQuery: vi.fn(({ environmentId, name }) => {
        const list = (savedQueries.get(environmentId) ?? []).filter((query) => query.name !== name);
        savedQueries.set(environmentId, list);
        return Promise.resolve([...list]);
      }),
    },
    auditStore,
    health: createFakeHealthApi(seed.health),
    users: createFakeUsersApi(),
    roles: createFakeRolesApi(),
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
