import { OppError } from '../../shared/errors';
import type { Session } from '../../shared/domain/session';
import type { HttpAnswer, HttpClient, HttpRequest } from '../http/http-client';
import type { Logger } from '../log/logger';
import { platformError, unreadableAnswer } from '../platform/platform-errors';
import { refreshAnswerSchema } from '../platform/platform-schemas';
import { jwtExpiry, type TokenRecord } from './token-record';

export type SessionEnd = 'expired' | 'revoked';

export interface LiveSessionDeps {
  /** Persists the record after a rotation (keychain, or memory). */
  save(record: TokenRecord): Promise<void>;
  /** The session is over: the manager forgets it and tells the renderer why. */
  ended(reason: SessionEnd, message: string): void;
  /** A session without refresh is about to end (legacy servers). */
  expiringSoon(message: string, expiresAt: number): void;
  now(): number;
  log: Logger;
}

/** How long before expiry a refreshable token is renewed: a fifth of its life, 1 s to 60 s. */
export function refreshMargin(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(1_000, lifetimeMs * 0.2));
}
/** How long before expiry a legacy session warns: 3 minutes, or a quarter of a short life. */
export function warningLead(lifetimeMs: number): number {
  return Math.min(180_000, lifetimeMs * 0.25);
}

/**
 * One signed-in environment: holds its tokens (only here and in the secret store), adds them
 * to requests, refreshes ahead of expiry and on a 401 with one refresh shared by every
 * concurrent request, and retries such a request once.
 */
export class LiveSession {
  private refreshing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private over = false;

  constructor(
    readonly environmentId: string,
    private readonly http: HttpClient,
    private record: TokenRecord,
    private readonly deps: LiveSessionDeps,
    private lifetimeMs = Math.max(1_000, record.accessExpiresAt - deps.now()),
  ) {
    this.schedule();
  }

  get canRefresh(): boolean {
    return this.record.refreshToken !== null;
  }
  get refreshToken(): string | null {
    return this.record.refreshToken;
  }
  get accessToken(): string {
    return this.record.accessToken;
  }

  view(memoryOnly: boolean): Session {
    return {
      environmentId: this.environmentId,
      username: this.record.user.username,
      userId: this.record.user.id,
      role: this.record.user.role,
      permissions: this.record.user.permissions,
      capabilities: this.record.capabilities,
      expiresAt: new Date(this.record.accessExpiresAt).toISOString(),
      memoryOnly,
    };
  }

  /** Sends a request with the access token; refreshes and retries once on a 401. */
  async request(request: HttpRequest): Promise<HttpAnswer> {
    this.assertOpen();
    if (this.refreshing !== null) await this.refreshing;
    const now = this.deps.now();
    if (this.canRefresh && now >= this.record.accessExpiresAt - refreshMargin(this.lifetimeMs)) {
      await this.refresh();
    } else if (!this.canRefresh && now >= this.record.accessExpiresAt) {
      this.end('expired', 'Your session has ended. Sign in again.');
      throw new OppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.');
    }
    const used = this.record.accessToken;
    const first = await this.send(request, used);
    if (first.status !== 401) return first;
    if (!this.canRefresh) {
      this.end('expired', 'The server ended your session. Sign in again.');
      return first;
    }
    // Another request may have refreshed while this one was in flight: then just use its token.
    if (this.record.accessToken === used) await this.refresh();
    const second = await this.send(request, this.record.accessToken);
    if (second.status === 401) this.end('expired', 'The server refused the renewed session. Sign in again.');
    return second;
  }

  /** One refresh at a time; concurrent callers wait for the same one. */
  refresh(): Promise<void> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  dispose(): void {
    this.over = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
  }

  private async rotate(): Promise<void> {
    const refreshToken = this.record.refreshToken;
    if (refreshToken === null)
      throw new OppError('SESSION_EXPIRED', 'This server cannot renew sessions. Sign in again.');
    const answer = await this.http.request({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      body: { refresh_token: refreshToken },
    });
    if (answer.status !== 200) {
      const error = platformError(answer, this.http.describe);
      if (answer.status === 401 || answer.status === 403) this.end('revoked', error.message);
      throw error;
    }
    const parsed = refreshAnswerSchema.safeParse(answer.body);
    if (!parsed.success) throw unreadableAnswer(this.http.describe);
    const now = this.deps.now();
    const expiresAt =
      jwtExpiry(parsed.data.access_token) ??
      now + (parsed.data.expires_in === undefined ? 30 * 60_000 : parsed.data.expires_in * 1000);
    this.lifetimeMs = Math.max(1_000, expiresAt - now);
    this.record = {
      ...this.record,
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token,
      accessExpiresAt: expiresAt,
    };
    this.deps.log.info('session: tokens refreshed', { env: this.environmentId });
    await this.deps.save(this.record);
    this.schedule();
  }

  private send(request: HttpRequest, token: string): Promise<HttpAnswer> {
    return this.http.request({
      ...request,
      headers: { ...request.headers, Authorization: `Bearer ${token}` },
    });
  }

  /** Refresh ahead of expiry; or, without refresh, warn before the end and close at the end. */
  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    const untilExpiry = this.record.accessExpiresAt - this.deps.now();
    if (this.canRefresh) {
      const delay = Math.max(0, untilExpiry - refreshMargin(this.lifetimeMs));
      this.timer = setTimeout(() => {
        this.refresh().catch((error: unknown) => {
          this.deps.log.warn('session: refresh ahead of expiry failed', { env: this.environmentId, error });
        });
      }, delay);
    } else {
      const lead = warningLead(this.lifetimeMs);
      this.timer = setTimeout(
        () => {
          const minutes = Math.max(1, Math.round((this.record.accessExpiresAt - this.deps.now()) / 60_000));
          this.deps.expiringSoon(
            `Your session ends in about ${minutes} minute${minutes === 1 ? '' : 's'}: this server cannot renew it. Enter your password to stay signed in.`,
            this.record.accessExpiresAt,
          );
        },
        Math.max(0, untilExpiry - lead),
      );
      this.expiryTimer = setTimeout(
        () => this.end('expired', 'Your session has ended: this server cannot renew it. Sign in again.'),
        Math.max(0, untilExpiry),
      );
    }
    this.timer.unref();
    this.expiryTimer?.unref();
  }

  private end(reason: SessionEnd, message: string): void {
    if (this.over) return;
    this.dispose();
    this.deps.ended(reason, message);
  }

  private assertOpen(): void {
    if (this.over) throw new OppError('AUTH_REQUIRED', 'You are not signed in to this environment.');
  }
}
