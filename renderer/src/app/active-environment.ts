import { useEffect } from 'react';
import type { EnvironmentId, EnvironmentView } from '../../../shared/domain/environment';
import type { Session } from '../../../shared/domain/session';
import { useEnvironments } from '../features/environments/environment-queries';
import { useSession, useSessions } from '../features/session/session-queries';
import { useUiStore } from './ui-store-context';

export interface ActiveEnvironment {
  /** The environment the areas work on, or null when there is none (or the list is loading). */
  environment: EnvironmentView | null;
  /** Its session, or null when signed out or not known yet. */
  session: Session | null;
  /** True until the session of the active environment is known. */
  sessionPending: boolean;
}

/** The environment chosen in the header and its session: what every area works on. */
export function useActiveEnvironment(): ActiveEnvironment {
  const selectedId = useUiStore((state) => state.selectedEnvironmentId);
  const environments = useEnvironments();
  const environment = environments.data?.find((candidate) => candidate.id === selectedId) ?? null;
  const session = useSession(environment?.id ?? null);
  return {
    environment,
    session: session.data ?? null,
    sessionPending: environment !== null && session.isPending,
  };
}

/**
 * Which environment to start with: the first (in the administrator's order) with a session,
 * else the first. `undefined` while a session is still unknown, so the choice waits for it.
 */
export function chooseEnvironment(
  environments: readonly EnvironmentView[],
  sessions: readonly { data?: Session | null; isPending: boolean }[],
): EnvironmentId | null | undefined {
  if (environments.length === 0) return null;
  if (sessions.some((session) => session.isPending)) return undefined;
  const signedIn = environments.find((_environment, index) => (sessions[index]?.data ?? null) !== null);
  return (signedIn ?? environments[0])?.id ?? null;
}

/**
 * Keeps `selectedEnvironmentId` pointing at an environment that exists: picks one at start and
 * again when the chosen one is deleted. Mounted once, by the app.
 */
export function useKeepActiveEnvironmentValid(): void {
  const selectedId = useUiStore((state) => state.selectedEnvironmentId);
  const selectEnvironment = useUiStore((state) => state.selectEnvironment);
  const environments = useEnvironments().data;
  const sessions = useSessions(environments?.map((environment) => environment.id) ?? []);
  const selectionValid =
    selectedId !== null && environments?.some((environment) => environment.id === selectedId) === true;
  const choice =
    environments === undefined || selectionValid ? undefined : chooseEnvironment(environments, sessions);

  useEffect(() => {
    if (choice !== undefined && choice !== selectedId) selectEnvironment(choice);
  }, [choice, selectedId, selectEnvironment]);
}
