import type { z } from 'zod';
import { OppError, type ErrorCode } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import type { Session } from '../../shared/domain/session';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { EnvironmentStore } from '../environments/environment-store';
import type { HttpAnswer, HttpClient, HttpRequest } from '../http/http-client';
import type { Logger } from '../log/logger';
import { platformError, unreadableAnswer } from '../platform/platform-errors';
import { loginAnswerSchema } from '../platform/platform-schemas';
import type { FallbackSecretStore } from '../secrets/fallback-secret-store';
import { probeCapabilities } from './capability-probe';
import { LiveSession, type SessionEnd } from './live-session';
import { jwtExpiry, parseTokenRecord, type KeychainAccounts, type TokenRecord } from './token-record';

export interface SessionManagerDeps {
  environments: EnvironmentStore;
  secrets: FallbackSecretStore;
  accounts: KeychainAccounts;
  /** The platform API client of an environment (one per environment, kept by the caller). */
  apiClient(environment: Environment): HttpClient;
  push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  log: Logger;
  now?: () => number;
}

/**
 * Every signed-in environment. Tokens live in the LiveSessions and the secret store, and are
 * used only in `request`: nothing returned from here carries one.
 */
/** What other services (the audit sync) hear about sessions: one started, or one is gone. */
export type SessionChange = { environmentId: string; signedIn: boolean };

/** Errors that only a server's answer produces: it is reachable, whatever it said. */
const SERVER_SPOKE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_MISMATCH',
  'VALIDATION',
  'RATE_LIMITED',
  'UPSTREAM',
  'UNSUPPORTED_BY_SERVER',
]);

/**
 * Whether a failed call shows that the server is there: it answered, if only to refuse. A call
 * cancelled here (a sync stopped, a request ahead no longer wanted) shows nothing either way.
 */
export function serverAnswered(error: unknown): boolean {
  if (!(error instanceof OppError) || !SERVER_SPOKE.has(error.code)) return false;
  return (error.details as { cancelled?: unknown } | undefined)?.cancelled !== true;
}

export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  /** Whether each environment's server answered its last call (absent: not known yet). */
  private readonly reachable = new Map<string, boolean>();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  /** Sessions being ended (keychain entry being deleted): restoreAll waits for them. */
  private readonly ending = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: SessionManagerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Hears every session start and end; returns the function that stops listening. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(change: SessionChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.deps.log.error('session: a listener failed', { env: change.environmentId, error });
      }
    }
  }

  list(): Session[] {
    const memoryOnly = this.deps.secrets.status().backend === 'memory';
    return [...this.live.values()].map((session) => session.view(memoryOnly));
  }

  get(environmentId: string): Session | null {
    return this.live.get(environmentId)?.view(this.deps.secrets.status().backend === 'memory') ?? null;
  }

  async signIn(environmentId: string, username: string, password: string): Promise<Session> {
    const environment = this.deps.environments.require(environmentId);
    const http = this.deps.apiClient(environment);
    const answer = await http.request({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { username, password },
    });
    this.noteReachable(environmentId, true);
    if (answer.status === 404 || answer.status === 405) {
      throw new OppError(
        'UNSUPPORTED_BY_SERVER',
        `${http.describe} offers no OPP sign-in. Check the API base URL of this environment.`,
      );
    }
    if (answer.status !== 200) throw platformError(answer, http.describe, true);
    const login = loginAnswerSchema.safeParse(answer.body);
    if (!login.success) throw unreadableAnswer(http.describe);

    const refreshToken = login.data.refresh_token ?? null;
    const accessExpiresAt =
      jwtExpiry(login.data.access_token) ?? this.now() + (login.data.expires_in ?? 1800) * 1000;
    const capabilities = await probeCapabilities(
      http,
      login.data.access_token,
      refreshToken !== null,
      this.deps.log,
      environmentId,
    );
    const record: TokenRecord = {
      v: 1,
      accessToken: login.data.access_token,
      accessExpiresAt,
      refreshToken,
      user: {
        id: login.data.user.id,
        username: login.data.user.username,
        role: login.data.user.role,
        permissions: login.data.user.permissions,
      },
      capabilities,
    };
    const previous = this.live.get(environmentId);
    if (previous !== undefined) {
      previous.dispose();
      // Signing in again as someone else: end the old session on the server too.
      if (previous.refreshToken !== null && previous.view(false).username !== record.user.username) {
        void this.logoutOnServer(environmentId, http, previous);
      }
    }
    await this.deps.secrets.set(this.deps.accounts.session(environmentId), JSON.stringify(record));
    this.start(environment, record);
    this.deps.log.info('session: signed in', { env: environmentId, user: record.user.username });
    this.deps.push('session.changed', { environmentId, reason: 'signed_in' });
    this.announce({ environmentId, signedIn: true });
    return this.get(environmentId) as Session;
  }

  /** Ends the session on the server (best effort) and forgets it here and in the keychain. */
  async signOut(environmentId: string): Promise<void> {
    const session = this.live.get(environmentId);
    const environment = this.deps.environments.get(environmentId);
    if (session !== undefined && environment !== null) {
      await this.logoutOnServer(environmentId, this.deps.apiClient(environment), session);
    }
    await this.forget(environmentId);
    this.deps.push('session.changed', { environmentId, reason: 'signed_out' });
  }

  /** Forgets a session locally, without the server (an environment deleted, a session ended). */
  async forget(environmentId: string): Promise<void> {
    const had = this.live.get(environmentId);
    had?.dispose();
    this.live.delete(environmentId);
    if (had !== undefined) this.announce({ environmentId, signedIn: false });
    try {
      await this.deps.secrets.delete(this.deps.accounts.session(environmentId));
    } catch (error) {
      this.deps.log.error('session: could not delete the keychain entry', { env: environmentId, error });
    }
  }

  /** At start-up: brings back every session whose keychain entry is still good. */
  async restoreAll(): Promise<void> {
    for (const environment of this.deps.environments.list()) {
      const record = parseTokenRecord(
        await this.deps.secrets.get(this.deps.accounts.session(environment.id)),
      );
      if (record === null) continue;
      await this.restore(environment, record);
    }
    // A restore whose refresh was refused ends its session in the background: finish that
    // (the keychain entry deleted) before saying the sessions are restored.
    await Promise.all(this.ending);
  }

  /**
   * An authorized request to an environment's platform API. Whether the server answered at all
   * is pushed as `connectivity.changed` when it changes, so every screen can say "offline" (and
   * turn writes off) from the first failed call rather than each finding out on its own.
   */
  async request(environmentId: string, request: HttpRequest): Promise<HttpAnswer> {
    const session = this.live.get(environmentId);
    if (session === undefined) throw new OppError('AUTH_REQUIRED', 'Sign in to this environment first.');
    try {
      const answer = await session.request(request);
      this.noteReachable(environmentId, true);
      return answer;
    } catch (error) {
      if (error instanceof OppError && error.code === 'OFFLINE') this.noteReachable(environmentId, false);
      else if (serverAnswered(error)) this.noteReachable(environmentId, true);
      throw error;
    }
  }

  /** Pushes a change of reachability only: a burst of failed calls says "offline" once. */
  private noteReachable(environmentId: string, online: boolean): void {
    // Unknown counts as online: the renderer starts from online too.
    if ((this.reachable.get(environmentId) ?? true) === online) return;
    this.reachable.set(environmentId, online);
    this.deps.log.info('session: server reachability changed', { env: environmentId, online });
    this.deps.push('connectivity.changed', { environmentId, online });
  }

  /** An authorized request whose 2xx answer must match `schema`; anything else throws a typed error. */
  async fetchJson<S extends z.ZodType>(
    environmentId: string,
    request: HttpRequest,
    schema: S,
  ): Promise<z.output<S>> {
    return (await this.fetchChecked(environmentId, request, schema)).data;
  }

  /**
   * fetchJson, with the body's bytes as well (`keepBytes`): the audit sync hands a page's bytes
   * to its write thread, which reads them faster than it could receive a copy of the value.
   */
  async fetchChecked<S extends z.ZodType>(
    environmentId: string,
    request: HttpRequest,
    schema: S,
  ): Promise<{ data: z.output<S>; bytes: Uint8Array | null }> {
    const environment = this.deps.environments.require(environmentId);
    const what = this.deps.apiClient(environment).describe;
    const answer = await this.request(environmentId, request);
    if (answer.status < 200 || answer.status >= 300) throw platformError(answer, what);
    if (answer.malformed) throw unreadableAnswer(what);
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw unreadableAnswer(what);
    return { data: parsed.data, bytes: answer.bytes ?? null };
  }

  dispose(): void {
    for (const session of this.live.values()) session.dispose();
    this.live.clear();
  }

  private async restore(environment: Environment, record: TokenRecord): Promise<void> {
    const now = this.now();
    if (record.refreshToken === null && record.accessExpiresAt <= now) {
      await this.forget(environment.id);
      return;
    }
    const session = this.start(environment, record);
    if (record.refreshToken === null) {
      this.announce({ environmentId: environment.id, signedIn: true });
      return;
    }
    try {
      await session.refresh();
      this.deps.log.info('session: restored', { env: environment.id });
      this.announce({ environmentId: environment.id, signedIn: true });
    } catch (error) {
      if (
        error instanceof OppError &&
        (error.code === 'OFFLINE' || error.code === 'UPSTREAM' || error.code === 'RATE_LIMITED')
      ) {
        // Keep it: the next request refreshes once the server answers again.
        this.deps.log.warn('session: restored without reaching the server', {
          env: environment.id,
          code: error.code,
        });
        this.announce({ environmentId: environment.id, signedIn: true });
        return;
      }
      this.deps.log.warn('session: could not be restored', { env: environment.id, error });
    }
  }

  private start(environment: Environment, record: TokenRecord): LiveSession {
    const environmentId = environment.id;
    const session = new LiveSession(environmentId, this.deps.apiClient(environment), record, {
      save: (next) => this.deps.secrets.set(this.deps.accounts.session(environmentId), JSON.stringify(next)),
      ended: (reason: SessionEnd, message: string) => {
        if (this.live.get(environmentId) !== session) return;
        this.deps.log.warn('session: ended', { env: environmentId, reason });
        const done = this.forget(environmentId).then(() =>
          this.deps.push('session.changed', { environmentId, reason, message }),
        );
        this.ending.add(done);
        void done.finally(() => this.ending.delete(done));
      },
      expiringSoon: (message) =>
        this.deps.push('session.changed', { environmentId, reason: 'expiring_soon', message }),
      now: this.now,
      log: this.deps.log,
    });
    this.live.set(environmentId, session);
    return session;
  }

  private async logoutOnServer(environmentId: string, http: HttpClient, session: LiveSession): Promise<void> {
    if (session.refreshToken === null) return; // legacy servers have no logout
    try {
      const answer = await http.request({
        method: 'POST',
        path: '/api/v1/auth/logout',
        body: { refresh_token: session.refreshToken },
        headers: { Authorization: `Bearer ${session.accessToken}` },
        timeoutMs: 5_000,
      });
      if (answer.status >= 400 && answer.status !== 401) {
        this.deps.log.warn('session: server logout refused', { env: environmentId, status: answer.status });
      }
    } catch (error) {
      this.deps.log.warn('session: server logout failed; the session is forgotten here anyway', {
        env: environmentId,
        error,
      });
    }
  }
}
