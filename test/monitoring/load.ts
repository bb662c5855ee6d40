/**
 * Light background traffic against the reference platform so the demo's charts move: a fixed,
 * repeating mix of the calls an administrator's console makes, plus a few failed sign-ins and
 * 404s. Bounded (rate and requests in flight are capped), loopback only, stoppable.
 */

export interface LoadOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Above 0, at most MAX_REQUESTS_PER_SECOND. */
  requestsPerSecond: number;
  /** Requests waiting for an answer at once; a tick beyond it is skipped, never queued. Default 4. */
  maxInFlight?: number;
}

export type LoadKind =
  'sign-in' | 'health' | 'health-comprehensive' | 'users' | 'audit' | 'me' | 'failed-login' | 'not-found';

export interface LoadStats {
  sent: number;
  /** Ticks that sent nothing: too many in flight, or paused by a 429. */
  skipped: number;
  byKind: Partial<Record<LoadKind, number>>;
  /** Answers by HTTP status; `error` for requests that got none (refused, timed out). */
  byStatus: Record<string, number>;
  lastError?: string;
}

export interface RunningLoad {
  stop(): Promise<void>;
  stats(): LoadStats;
}

export const MAX_REQUESTS_PER_SECOND = 50;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const REQUEST_TIMEOUT_MS = 10_000;
const SIGN_IN_BACKOFF_MS = 5_000;
const STOP_GRACE_MS = 2_000;
/** Never exists on the platform, so these attempts cannot lock a real account. */
const UNKNOWN_USER = 'load-generator-nobody';

/**
 * One cycle of 20 requests: mostly reads, 2 failed sign-ins and one 404. Deterministic, so a
 * short run is known to contain every kind.
 */
const CYCLE: readonly LoadKind[] = [
  'health',
  'users',
  'audit',
  'failed-login',
  'health',
  'health-comprehensive',
  'users',
  'not-found',
  'health',
  'audit',
  'me',
  'health',
  'users',
  'audit',
  'health',
  'failed-login',
  'health-comprehensive',
  'users',
  'audit',
  'health',
];
const AUTHENTICATED = new Set<LoadKind>(['users', 'audit', 'me']);
const USER_SORTS = ['username', '-created_at', 'last_login'];

export function startLoad(options: LoadOptions): RunningLoad {
  const base = new URL(options.baseUrl);
  if (!LOOPBACK_HOSTS.has(base.hostname)) {
    throw new Error(`startLoad only talks to loopback addresses, not ${base.hostname}`);
  }
  const rate = options.requestsPerSecond;
  if (!(rate > 0 && rate <= MAX_REQUESTS_PER_SECOND)) {
    throw new RangeError(
      `requestsPerSecond must be above 0 and at most ${MAX_REQUESTS_PER_SECOND}, got ${rate}`,
    );
  }
  const maxInFlight = options.maxInFlight ?? 4;

  const stats: LoadStats = { sent: 0, skipped: 0, byKind: {}, byStatus: {} };
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let token: string | undefined;
  let signingIn = false;
  let nextSignInAt = 0;
  let pausedUntil = 0;
  let step = 0;
  let auditAfterId = 0;
  let usersPage = 0;

  async function call(kind: LoadKind, path: string, init: RequestInit = {}): Promise<Response | undefined> {
    stats.sent += 1;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    const headers = new Headers(init.headers);
    if (AUTHENTICATED.has(kind) && token !== undefined) headers.set('authorization', `Bearer ${token}`);
    try {
      const response = await fetch(new URL(path, base), {
        ...init,
        headers,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
      if (response.status === 429) {
        // Honour Retry-After for the whole generator: never come back faster than asked.
        const seconds = Number(response.headers.get('retry-after') ?? '1');
        pausedUntil = Date.now() + (Number.isFinite(seconds) ? Math.max(seconds, 1) : 1) * 1000;
      }
      if (response.status === 401 && AUTHENTICATED.has(kind)) token = undefined;
      return response;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      stats.byStatus['error'] = (stats.byStatus['error'] ?? 0) + 1;
      stats.lastError = `${kind}: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  }

  function login(kind: LoadKind, username: string, password: string): Promise<Response | undefined> {
    return call(kind, '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }

  async function signIn(): Promise<void> {
    signingIn = true;
    try {
      const response = await login('sign-in', options.username, options.password);
      const body: unknown = await response?.json().catch(() => undefined);
      const accessToken = (body as { access_token?: unknown } | undefined)?.access_token;
      if (response?.ok === true && typeof accessToken === 'string') {
        token = accessToken;
      } else {
        nextSignInAt = Date.now() + SIGN_IN_BACKOFF_MS;
        stats.lastError = `sign-in: answered ${response?.status ?? 'nothing'}`;
      }
    } finally {
      signingIn = false;
    }
  }

  async function run(kind: LoadKind): Promise<void> {
    let response: Response | undefined;
    switch (kind) {
      case 'health':
        response = await call(kind, '/api/v1/health');
        break;
      case 'health-comprehensive':
        response = await call(kind, '/api/v1/health/comprehensive');
        break;
      case 'me':
        response = await call(kind, '/api/v1/auth/me');
        break;
      case 'not-found':
        response = await call(kind, '/api/v1/no-such-page');
        break;
      case 'failed-login':
        response = await login(kind, UNKNOWN_USER, 'Not-the-password-1!');
        break;
      case 'users': {
        const sort = USER_SORTS[usersPage % USER_SORTS.length] ?? 'username';
        response = await call(kind, `/api/v1/users?skip=${(usersPage % 3) * 50}&limit=50&sort=${sort}`);
        usersPage += 1;
        break;
      }
      case 'audit': {
        // Walks the log forward page by page like the console's copy, then starts over.
        response = await call(kind, `/api/v1/audit-logs?after_id=${auditAfterId}&limit=100`);
        const body: unknown = await response?.json().catch(() => undefined);
        const page = body as { next_after_id?: unknown; has_more?: unknown } | undefined;
        auditAfterId =
          page?.has_more === true && typeof page.next_after_id === 'number' ? page.next_after_id : 0;
        break;
      }
      case 'sign-in':
        await signIn();
        return;
    }
    await response?.arrayBuffer().catch(() => undefined);
  }

  function tick(): void {
    const now = Date.now();
    if (now < pausedUntil || inFlight.size >= maxInFlight || signingIn) {
      stats.skipped += 1;
      return;
    }
    let kind = CYCLE[step % CYCLE.length] ?? 'health';
    if (AUTHENTICATED.has(kind) && token === undefined) {
      if (now < nextSignInAt) {
        stats.skipped += 1;
        step += 1;
        return;
      }
      // Sign in on this tick; the step it stood in for runs on the next.
      kind = 'sign-in';
    } else {
      step += 1;
    }
    const request = run(kind).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }

  const timer = setInterval(tick, 1000 / rate);
  // Background load is never the reason a process stays alive.
  timer.unref();
  let stopping: Promise<void> | undefined;
  return {
    stats: () => structuredClone(stats),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        // Requests already sent may finish (their answers count in stats); slow ones are cut off.
        const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        controller.abort();
        await Promise.allSettled([...inFlight]);
      })()),
  };
}
