import type { EnvironmentId } from '../../../shared/domain/environment';
import type { PushEventPayload } from '../../../shared/ipc/push-events';

/** The parts of the cache that main can declare stale (`cache.invalidated`). */
export type CacheScope = PushEventPayload<'cache.invalidated'>['scope'];

/**
 * First key part of app-level data that belongs to no environment (settings, app info, the list
 * of environments). '@' cannot start an environment id (see `environmentIdSchema`), so an
 * environment can never be named like it and share its keys.
 */
export const APP_KEY = '@app';

/**
 * Every query key starts with the environment id, or with `APP_KEY` for app-level data, and
 * continues with the scope main uses in `cache.invalidated`. So `[envId]` is everything of one
 * environment and `[envId, 'users']` everything about its users. Features add their own parts
 * after the scope, e.g. `queryKeys.scoped(envId, 'users', 'list', { search })`.
 */
export const queryKeys = {
  /** Version, platform and folders; never changes while the app runs. */
  appInfo: () => [APP_KEY, 'info'] as const,
  /** The administrator's preferences (invalidated by `{ environmentId: null, scope: 'settings' }`). */
  settings: () => [APP_KEY, 'settings'] as const,
  /** The configured environments (invalidated by `{ environmentId: null, scope: 'environments' }`). */
  environments: () => [APP_KEY, 'environments'] as const,
  /**
   * Where sessions are kept (keychain or memory only): app-level, under the 'session' scope so
   * that `{ environmentId: null, scope: 'session' }` makes it stale.
   */
  keychainStatus: () => [APP_KEY, 'session', 'keychain'] as const,
  /** Everything cached for one environment. */
  environment: (environmentId: EnvironmentId) => [environmentId] as const,
  /** One scope of one environment, followed by the feature's own parts. */
  scoped: <P extends readonly unknown[]>(environmentId: EnvironmentId, scope: CacheScope, ...parts: P) =>
    [environmentId, scope, ...parts] as const,
  /** The signed-in session of one environment (`Session | null`). */
  session: (environmentId: EnvironmentId) => [environmentId, 'session'] as const,
};

/** The key prefix that a `cache.invalidated` event makes stale: null environment means app-level. */
export function invalidationKey(environmentId: EnvironmentId | null, scope: CacheScope): readonly string[] {
  return [environmentId ?? APP_KEY, scope];
}
