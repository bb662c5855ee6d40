import {
  queryOptions,
  skipToken,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { KeychainStatus, Session } from '../../../../shared/domain/session';
import type { CallInput } from '../../../../shared/ipc/contract';
import type { OppApi } from '../../../../shared/ipc/opp-api';
import { useOpp } from '../../app/opp-context';
import { APP_KEY, queryKeys } from '../../app/query-keys';
import { usePrivateCall, type PrivateCall } from '../../app/use-private-call';

export type SignInInput = CallInput<'session.signIn'>;

/** `session.list` calls in flight, one per API: session queries that start together share it. */
const listsInFlight = new WeakMap<OppApi, Promise<Session[]>>();

/**
 * All sessions, asked once for the queries that start in the same moment (the environment list
 * mounts one per row). A query that starts later asks again, so an answer from before a
 * sign-in is never handed to a query started after it.
 */
function listSessions(opp: OppApi): Promise<Session[]> {
  const inFlight = listsInFlight.get(opp);
  if (inFlight !== undefined) return inFlight;
  const request = opp.session.list();
  listsInFlight.set(opp, request);
  const forget = (): void => {
    if (listsInFlight.get(opp) === request) listsInFlight.delete(opp);
  };
  setTimeout(forget, 0);
  request.then(forget, forget);
  return request;
}

async function fetchSession(opp: OppApi, environmentId: EnvironmentId): Promise<Session | null> {
  return (await listSessions(opp)).find((session) => session.environmentId === environmentId) ?? null;
}

/** The session of one environment: `null` when signed out. Keyed `[environmentId, 'session']`. */
export function sessionQuery(opp: OppApi, environmentId: EnvironmentId) {
  return queryOptions({
    queryKey: queryKeys.session(environmentId),
    queryFn: () => fetchSession(opp, environmentId),
  });
}

/** The session of one environment (data `null` when signed out); nothing is asked for `null`. */
export function useSession(environmentId: EnvironmentId | null): UseQueryResult<Session | null> {
  const opp = useOpp();
  return useQuery<Session | null, Error, Session | null, readonly unknown[]>({
    queryKey: environmentId === null ? [APP_KEY, 'session', 'none'] : queryKeys.session(environmentId),
    queryFn: environmentId === null ? skipToken : () => fetchSession(opp, environmentId),
  });
}

/** The sessions of several environments, in the same order. */
export function useSessions(environmentIds: readonly EnvironmentId[]): UseQueryResult<Session | null>[] {
  const opp = useOpp();
  return useQueries({ queries: environmentIds.map((id) => sessionQuery(opp, id)) });
}

/** After a sign-in or sign-out, what the environment's screens showed belongs to someone else. */
function refreshEnvironmentData(queryClient: QueryClient, environmentId: EnvironmentId): void {
  void queryClient.invalidateQueries({
    queryKey: queryKeys.environment(environmentId),
    predicate: (query) => query.queryKey[1] !== 'session',
  });
}

/**
 * Signs in. Built on `usePrivateCall`, not `useMutation`, so that the password is kept by no
 * cache: it lives only in the sign-in form's state, which clears it after each submit.
 */
export function useSignIn(): PrivateCall<SignInInput, Session> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return usePrivateCall(async (input: SignInInput) => {
    const session = await opp.session.signIn(input);
    queryClient.setQueryData(queryKeys.session(session.environmentId), session);
    refreshEnvironmentData(queryClient, session.environmentId);
    return session;
  });
}

/** Signs out of one environment (main logs out on the server and forgets the tokens). */
export function useSignOut(): UseMutationResult<void, unknown, EnvironmentId> {
  const opp = useOpp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (environmentId: EnvironmentId) => opp.session.signOut({ environmentId }),
    onSuccess: (_nothing, environmentId) => {
      queryClient.setQueryData(queryKeys.session(environmentId), null);
      refreshEnvironmentData(queryClient, environmentId);
    },
  });
}

/** Whether sessions are kept in the OS keychain or in memory only. */
export function useKeychainStatus(): UseQueryResult<KeychainStatus> {
  const opp = useOpp();
  return useQuery({ queryKey: queryKeys.keychainStatus(), queryFn: () => opp.session.keychainStatus() });
}
