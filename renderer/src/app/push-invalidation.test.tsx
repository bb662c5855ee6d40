import { useQuery } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../testing/render-app';
import { queryKeys } from './query-keys';
import { usePushInvalidation } from './push-invalidation';

function Subscriber(): ReactElement {
  usePushInvalidation();
  return <p>listening</p>;
}

/** Seeds the cache with fresh data under each key and tells which have been invalidated. */
function seed(
  queryClient: ReturnType<typeof renderWithProviders>['queryClient'],
  keys: readonly (readonly unknown[])[],
) {
  for (const key of keys) queryClient.setQueryData(key, 'data');
  return (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
}

describe('push invalidation', () => {
  it('cache.invalidated makes stale exactly the keys that start with [environmentId, scope]', () => {
    const { api, queryClient } = renderWithProviders(<Subscriber />);
    const prodUsersList = queryKeys.scoped('prod', 'users', 'list', { search: '' });
    const prodUser = queryKeys.scoped('prod', 'users', 'detail', 'u-1');
    const prodRoles = queryKeys.scoped('prod', 'roles', 'list');
    const stagingUsers = queryKeys.scoped('staging', 'users', 'list');
    const settings = queryKeys.settings();
    const isInvalidated = seed(queryClient, [prodUsersList, prodUser, prodRoles, stagingUsers, settings]);

    act(() => api.emit('cache.invalidated', { environmentId: 'prod', scope: 'users' }));

    expect(isInvalidated(prodUsersList)).toBe(true);
    expect(isInvalidated(prodUser)).toBe(true);
    expect(isInvalidated(prodRoles)).toBe(false);
    expect(isInvalidated(stagingUsers)).toBe(false);
    expect(isInvalidated(settings)).toBe(false);
  });

  it('a null environment means app-level data', () => {
    const { api, queryClient } = renderWithProviders(<Subscriber />);
    const isInvalidated = seed(queryClient, [
      queryKeys.settings(),
      queryKeys.environments(),
      queryKeys.appInfo(),
    ]);

    act(() => api.emit('cache.invalidated', { environmentId: null, scope: 'settings' }));

    expect(isInvalidated(queryKeys.settings())).toBe(true);
    expect(isInvalidated(queryKeys.environments())).toBe(false);
    expect(isInvalidated(queryKeys.appInfo())).toBe(false);
  });

  it('sessions in general (no environment) make every session stale; one environment, the list', () => {
    const { api, queryClient } = renderWithProviders(<Subscriber />);
    const isInvalidated = seed(queryClient, [
      queryKeys.session('prod'),
      queryKeys.session('staging'),
      queryKeys.keychainStatus(),
      queryKeys.scoped('prod', 'users'),
      queryKeys.environments(),
    ]);

    act(() => api.emit('cache.invalidated', { environmentId: null, scope: 'session' }));
    expect(isInvalidated(queryKeys.session('prod'))).toBe(true);
    expect(isInvalidated(queryKeys.session('staging'))).toBe(true);
    expect(isInvalidated(queryKeys.keychainStatus())).toBe(true);
    expect(isInvalidated(queryKeys.scoped('prod', 'users'))).toBe(false);
    expect(isInvalidated(queryKeys.environments())).toBe(false);

    act(() => api.emit('cache.invalidated', { environmentId: 'prod', scope: 'environments' }));
    expect(isInvalidated(queryKeys.environments())).toBe(true);
  });

  it('refetches an invalidated query that is on screen', async () => {
    let answer = 'first';
    function Probe(): ReactElement {
      usePushInvalidation();
      const { data } = useQuery({
        queryKey: queryKeys.scoped('prod', 'roles', 'list'),
        queryFn: () => answer,
      });
      return <p>roles: {data}</p>;
    }
    const { api, findByText } = renderWithProviders(<Probe />);
    await findByText('roles: first');
    answer = 'second';
    act(() => api.emit('cache.invalidated', { environmentId: 'prod', scope: 'roles' }));
    expect(await findByText('roles: second')).toBeInTheDocument();
  });

  it('session.changed makes that environment’s session stale', () => {
    const { api, queryClient } = renderWithProviders(<Subscriber />);
    const session = queryKeys.scoped('prod', 'session');
    const isInvalidated = seed(queryClient, [session]);
    act(() => api.emit('session.changed', { environmentId: 'prod', reason: 'expiring_soon' }));
    expect(isInvalidated(session)).toBe(false);
    act(() => api.emit('session.changed', { environmentId: 'prod', reason: 'signed_out' }));
    expect(isInvalidated(session)).toBe(true);
  });

  it('unsubscribes on unmount', () => {
    const { api, queryClient, unmount } = renderWithProviders(<Subscriber />);
    expect(api.listenerCount('cache.invalidated')).toBe(1);
    expect(api.listenerCount('session.changed')).toBe(1);

    unmount();
    expect(api.listenerCount('cache.invalidated')).toBe(0);
    expect(api.listenerCount('session.changed')).toBe(0);

    const key = queryKeys.scoped('prod', 'users');
    queryClient.setQueryData(key, 'data');
    api.emit('cache.invalidated', { environmentId: 'prod', scope: 'users' });
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
  });

  it('is subscribed by the app itself', () => {
    const { api } = renderWithProviders();
    expect(api.listenerCount('cache.invalidated')).toBe(1);
  });
});
