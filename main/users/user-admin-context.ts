import type { z } from 'zod';
import { access, type Action } from '../../shared/access';
import type { AuditFilter, AuditStatus, AuditWindow } from '../../shared/domain/audit-query';
import type { Environment } from '../../shared/domain/environment';
import type { Session } from '../../shared/domain/session';
import { OppError } from '../../shared/errors';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import type { LogFields, Logger } from '../log/logger';
import { unreadableAnswer } from '../platform/platform-errors';
import { AuditNudge } from './audit-nudge';
import { isOffline, offlineWrite } from './user-admin-errors';
import { UsersCache } from './users-cache';

export interface UserAdminDeps {
  environments: { require(id: string): Environment; get(id: string): Environment | null };
  /** Only to name the server in messages ("the platform API at https://…"). */
  clients: { apiClient(environment: Environment): { describe: string } };
  sessions: {
    get(environmentId: string): Session | null;
    request(environmentId: string, request: HttpRequest): Promise<HttpAnswer>;
    fetchJson<S extends z.ZodType>(
      environmentId: string,
      request: HttpRequest,
      schema: S,
    ): Promise<z.output<S>>;
  };
  /** The local audit copy: read for activity, nudged to sync after a write. */
  audit: {
    query(
      environmentId: string,
      filter: AuditFilter,
      order: 'newest' | 'oldest',
      after: { timestamp: string; id: number } | null,
      limit: number,
    ): AuditWindow;
    status(environmentId: string): AuditStatus;
    syncNow(environmentId: string): Promise<AuditStatus>;
  };
  /** `<dataFolder>/cache`: each environment's copy is `<id>.users.sqlite`. */
  cacheFolder: string;
  push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  log: Logger;
  now?: () => number;
}

type WriteAction = Extract<Action, 'users.write' | 'users.delete' | 'roles.write'>;

const NO_USER_ADMIN =
  'This server offers a read-only user list: it has no user management API, so users cannot be changed from the console.';
const NO_ROLES_API =
  'This server has no roles API: its roles can be read (derived from its users) but not changed from the console.';

/** What every user and role service shares: the session checks, the server, the cache, the after-write steps. */
export class UserAdminContext {
  readonly cache: UsersCache;
  readonly now: () => number;
  readonly nudge: AuditNudge;
  private readonly writeListeners: ((environmentId: string) => void)[] = [];

  constructor(readonly deps: UserAdminDeps) {
    this.now = deps.now ?? Date.now;
    this.cache = new UsersCache(deps.cacheFolder, (id) => deps.environments.get(id) !== null);
    this.nudge = new AuditNudge({ audit: deps.audit, log: deps.log });
  }

  get log(): Logger {
    return this.deps.log;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** The signed-in session of an environment that exists. */
  session(environmentId: string): Session {
    this.deps.environments.require(environmentId);
    const session = this.deps.sessions.get(environmentId);
    if (session === null) throw new OppError('AUTH_REQUIRED', 'Sign in to this environment first.');
    return session;
  }

  /**
   * A read the signed-in user may make. Checked before the offline copy answers too: the copy may
   * hold what another, more privileged account of this computer fetched.
   */
  reader(environmentId: string, action: Extract<Action, 'users.read' | 'roles.read'>): Session {
    const session = this.session(environmentId);
    const verdict = access(session, action);
    if (!verdict.allowed) throw new OppError('FORBIDDEN', verdict.reason);
    return session;
  }

  /**
   * A write the server offers and the user may make, checked before anything is sent (the server
   * checks again). A server without the API gets a sentence, not a request that can only fail.
   */
  writer(environmentId: string, action: WriteAction): Session {
    const session = this.session(environmentId);
    if (action === 'roles.write' && !session.capabilities.includes('roles_api')) {
      throw new OppError('UNSUPPORTED_BY_SERVER', NO_ROLES_API);
    }
    if (action !== 'roles.write' && !session.capabilities.includes('user_admin')) {
      throw new OppError('UNSUPPORTED_BY_SERVER', NO_USER_ADMIN);
    }
    const verdict = access(session, action);
    if (!verdict.allowed) throw new OppError('FORBIDDEN', verdict.reason);
    return session;
  }

  describe(environmentId: string): string {
    return this.deps.clients.apiClient(this.deps.environments.require(environmentId)).describe;
  }

  /** A read whose 2xx answer must match `schema` (any other answer throws a typed error). */
  get<S extends z.ZodType>(
    environmentId: string,
    path: string,
    schema: S,
    query?: HttpRequest['query'],
  ): Promise<z.output<S>> {
    return this.deps.sessions.fetchJson(environmentId, { method: 'GET', path, query }, schema);
  }

  /** A write: the raw answer, for the caller's own status handling. Offline says writes wait. */
  async send(environmentId: string, request: HttpRequest): Promise<HttpAnswer> {
    try {
      return await this.deps.sessions.request(environmentId, request);
    } catch (error) {
      throw isOffline(error) ? offlineWrite(error) : error;
    }
  }

  /** The body of a 2xx answer, read through `schema`. */
  body<S extends z.ZodType>(environmentId: string, answer: HttpAnswer, schema: S): z.output<S> {
    const parsed = answer.malformed ? null : schema.safeParse(answer.body);
    if (parsed === null || !parsed.success) throw unreadableAnswer(this.describe(environmentId));
    return parsed.data;
  }

  /** Hears every successful write (to drop short-lived lists of that environment). */
  onWrite(listener: (environmentId: string) => void): void {
    this.writeListeners.push(listener);
  }

  /**
   * After a successful write: a log line (what, never a secret), the renderer refetches what
   * changed, and the audit copy is asked to sync so the write's event shows in the activity soon.
   */
  changed(environmentId: string, scopes: readonly ('users' | 'roles')[], what: LogFields): void {
    this.deps.log.info('users: change made', { env: environmentId, ...what });
    for (const listener of this.writeListeners) listener(environmentId);
    for (const scope of scopes) this.deps.push('cache.invalidated', { environmentId, scope });
    this.nudge.nudge(environmentId);
  }
}
