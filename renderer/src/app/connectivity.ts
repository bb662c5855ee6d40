import { useEffect, useSyncExternalStore } from 'react';
import type { EnvironmentId } from '../../../shared/domain/environment';
import type { OppApi } from '../../../shared/ipc/opp-api';
import { useOpp } from './opp-context';

/**
 * Which environments main last said were unreachable (`connectivity.changed`). Not server data,
 * and not UI state either: a fact main pushes, kept per API (so per test) from the first use.
 */
class ConnectivityTracker {
  private readonly offline = new Set<EnvironmentId>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(opp: OppApi) {
    opp.events.on('connectivity.changed', ({ environmentId, online }) => {
      if (online === !this.offline.has(environmentId)) return;
      if (online) this.offline.delete(environmentId);
      else this.offline.add(environmentId);
      this.version += 1;
      for (const listener of this.listeners) listener();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getVersion = (): number => this.version;

  isOnline(environmentId: EnvironmentId): boolean {
    return !this.offline.has(environmentId);
  }
}

const trackers = new WeakMap<OppApi, ConnectivityTracker>();

function trackerFor(opp: OppApi): ConnectivityTracker {
  let tracker = trackers.get(opp);
  if (tracker === undefined) {
    tracker = new ConnectivityTracker(opp);
    trackers.set(opp, tracker);
  }
  return tracker;
}

/** Starts listening when the app starts, so that an area opened later knows what was said before. */
export function useConnectivityTracking(): void {
  const opp = useOpp();
  useEffect(() => {
    trackerFor(opp);
  }, [opp]);
}

/** Whether main can reach the environment's servers: true until it says otherwise. */
export function useOnline(environmentId: EnvironmentId | null): boolean {
  const tracker = trackerFor(useOpp());
  useSyncExternalStore(tracker.subscribe, tracker.getVersion);
  return environmentId === null || tracker.isOnline(environmentId);
}
