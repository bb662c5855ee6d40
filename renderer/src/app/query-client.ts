import { QueryClient } from '@tanstack/react-query';
import { isOppError, type ErrorCode } from '../../../shared/errors';

/** Failures that may pass by themselves. Anything else (VALIDATION, FORBIDDEN, AUTH_REQUIRED...) will not. */
const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set(['OFFLINE', 'UPSTREAM', 'RATE_LIMITED']);
const MAX_RETRIES = 3;
const MAX_RETRY_DELAY_MS = 30_000;

export function isRetryableError(error: unknown): boolean {
  return isOppError(error) && RETRYABLE_CODES.has(error.code);
}

/** Retries only what can pass by itself, a few times. Plain `Error`s are bugs: retrying hides them. */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryableError(error);
}

/** Honours the server's `Retry-After` when main passes it on; otherwise backs off exponentially. */
export function retryDelayMs(failureCount: number, error: unknown): number {
  const retryAfter = isOppError(error) ? error.details?.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number' && retryAfter > 0)
    return Math.min(retryAfter * 1000, MAX_RETRY_DELAY_MS);
  return Math.min(1000 * 2 ** failureCount, MAX_RETRY_DELAY_MS);
}

/**
 * The app's query client, with deliberate defaults:
 * - `networkMode: 'always'`: the renderer only talks to main over IPC, and main answers from the
 *   offline cache when the servers are away, so `navigator.onLine` must not pause queries.
 * - no refetch on window focus or reconnect: main pushes `cache.invalidated` when data changes.
 * - `staleTime` 30 s, so moving between areas does not refetch everything.
 * - mutations never retry: an administrator's write replayed late is a hazard.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        networkMode: 'always',
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        retry: shouldRetryQuery,
        retryDelay: retryDelayMs,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: {
        networkMode: 'always',
        retry: false,
      },
    },
  });
}
