import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Clock } from './clock';
import { isoUtc } from './clock';
import type { Db } from './db';

export const REFRESH_TTL_MS = 7 * 24 * 3600 * 1000;

/** The access token's claims (platform-api.md §1), plus `sid`: the sign-in session it belongs to. */
export interface AccessClaims {
  sub: string;
  user_id: number;
  role: string;
  type: 'access';
  iat: number;
  exp: number;
  jti: string;
  sid: string;
}

export type AccessCheck =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: 'expired' | 'invalid' | 'malformed' | 'wrong_type' };

export type RefreshOutcome =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'revoked' | 'reused'; sessionId: string; userId: number }
  | { kind: 'rotated'; sessionId: string; userId: number; refreshToken: string };

interface RefreshRow {
  session_id: string;
  user_id: number;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Access tokens are stateless JWTs; refresh tokens are opaque random strings kept only as
 * SHA-256 hashes, grouped in sessions ("families") so one reuse can revoke them all.
 */
export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly key: Uint8Array,
    readonly accessTtlSeconds: number,
  ) {}

  async signAccess(user: { id: number; username: string; role: string }, sessionId: string): Promise<string> {
    const iat = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ user_id: user.id, role: user.role, type: 'access', sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.username)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.accessTtlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  async verifyAccess(token: string): Promise<AccessCheck> {
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return { ok: false, reason: 'malformed' };
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.clock.now()),
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      if (payload.type !== 'access') return { ok: false, reason: 'wrong_type' };
      if (
        typeof payload.user_id !== 'number' ||
        typeof payload.sid !== 'string' ||
        typeof payload.role !== 'string'
      ) {
        return { ok: false, reason: 'invalid' };
      }
      return { ok: true, claims: payload as unknown as AccessClaims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
        return { ok: false, reason: 'malformed' };
      }
      return { ok: false, reason: 'invalid' };
    }
  }

  private issueRefresh(sessionId: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    this.db
      .prepare(
        'INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(sha256(token), sessionId, isoUtc(now), isoUtc(now + REFRESH_TTL_MS));
    return token;
  }

  startSession(userId: number): { sessionId: string; refreshToken: string } {
    const sessionId = randomUUID();
    this.db
      .prepare('INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)')
      .run(sessionId, userId, this.clock.nowIso());
    return { sessionId, refreshToken: this.issueRefresh(sessionId) };
  }

  private lookup(refreshToken: string): RefreshRow | undefined {
    return this.db
      .prepare<[string], RefreshRow>(
        `SELECT t.session_id, s.user_id, t.expires_at, t.used_at, s.revoked_at
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?`,
      )
      .get(sha256(refreshToken));
  }

  /** The session a refresh token belongs to, whatever its state (for logout). */
  sessionOf(refreshToken: string): { sessionId: string; userId: number; revoked: boolean } | null {
    const row = this.lookup(refreshToken);
    return row === undefined
      ? null
      : { sessionId: row.session_id, userId: row.user_id, revoked: row.revoked_at !== null };
  }

  /**
   * Rotation: a good token is spent and replaced. A spent token coming back means two parties
   * hold the family, so the whole family is revoked (RFC 9700 §4.14.2).
   */
  rotate(refreshToken: string): RefreshOutcome {
    const row = this.lookup(refreshToken);
    if (row === undefined) return { kind: 'unknown' };
    const ids = { sessionId: row.session_id, userId: row.user_id };
    if (row.used_at !== null) {
      this.revokeSession(row.session_id, 'refresh_reused');
      return { kind: 'reused', ...ids };
    }
    if (row.revoked_at !== null) return { kind: 'revoked', ...ids };
    if (row.expires_at <= this.clock.nowIso()) return { kind: 'expired', ...ids };
    this.db
      .prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?')
      .run(this.clock.nowIso(), sha256(refreshToken));
    return { kind: 'rotated', ...ids, refreshToken: this.issueRefresh(row.session_id) };
  }

  revokeSession(sessionId: string, reason: string): void {
    this.db
      .prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.clock.nowIso(), reason, sessionId);
  }

  revokeUserSessions(userId: number, reason: string): number {
    return this.db
      .prepare(
        'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
      )
      .run(this.clock.nowIso(), reason, userId).changes;
  }

  /** An access token dies with its session, so logout and a detected reuse take effect at once. */
  sessionLive(sessionId: string): boolean {
    const row = this.db
      .prepare<[string], { revoked_at: string | null }>('SELECT revoked_at FROM sessions WHERE id = ?')
      .get(sessionId);
    return row !== undefined && row.revoked_at === null;
  }

  /** Sessions that could still refresh: not revoked, with an unspent, unexpired token. */
  activeSessions(): number {
    const row = this.db
      .prepare<[string], { n: number }>(
        `SELECT count(DISTINCT t.session_id) AS n FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE s.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > ?`,
      )
      .get(this.clock.nowIso());
    return row?.n ?? 0;
  }
}
