import bcrypt from 'bcryptjs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditEntry } from './audit-log';
import { requestMeta } from './auth-guard';
import { isoUtc } from './clock';
import type { PlatformContext } from './context';
import { HttpError } from './http-error';
import { activeLock } from './users-store';
import type { UserRow } from './users-store';
import { parseBody } from './validation';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export const loginBody = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

type AuditBase = Omit<AuditEntry, 'action' | 'outcome' | 'details'>;
type Outcome =
  { ok: true; user: UserRow; sessionId: string; refreshToken: string } | { ok: false; error: HttpError };

const BEARER = { 'WWW-Authenticate': 'Bearer' };

function badCredentials(): HttpError {
  return new HttpError(401, 'Incorrect username or password', {
    code: 'invalid_credentials',
    headers: BEARER,
  });
}

function lockedError(lockedUntil: string): HttpError {
  return new HttpError(
    423,
    `Account is locked after repeated failed sign-ins; it unlocks at ${lockedUntil}`,
    {
      code: 'account_locked',
      extra: { locked_until: lockedUntil },
    },
  );
}

/**
 * Password sign-in with the lockout rule: 5 failures within 15 minutes lock the account for 15
 * minutes. Every outcome writes exactly one audit event (login_success, login_failed or, for the
 * failure that locks, account_locked). Returns the user and a new session.
 */
export async function signIn(
  ctx: PlatformContext,
  request: FastifyRequest,
): Promise<{ user: UserRow; sessionId: string; refreshToken: string }> {
  const body = parseBody(loginBody, request.body);
  const base = { resource: 'auth', sessionId: null, ...requestMeta(request) };
  const user = ctx.users.byUsername(body.username);
  if (user === undefined) {
    ctx.metrics.loginAttempt('failure');
    ctx.audit.append({
      ...base,
      action: 'login_failed',
      outcome: 'failure',
      userId: null,
      username: null,
      resourceId: null,
      details: { username: body.username, reason: 'unknown_user' },
    });
    throw badCredentials();
  }
  const named: AuditBase = { ...base, userId: user.id, username: user.username, resourceId: String(user.id) };
  const lock = activeLock(user, ctx.clock.nowIso());
  if (lock !== null) return lockedAttempt(ctx, named, lock);
  const passwordOk = await bcrypt.compare(body.password, user.password_hash);
  // bcrypt yielded: re-read and decide in one transaction, so concurrent failures count exactly.
  // The transaction returns its outcome rather than throwing, which would roll the event back.
  const outcome = ctx.db.transaction((): Outcome => {
    const fresh = ctx.users.byId(user.id);
    if (fresh === undefined) return { ok: false, error: badCredentials() };
    const now = ctx.clock.now();
    const freshLock = activeLock(fresh, isoUtc(now));
    if (freshLock !== null) return { ok: false, error: lockedAttemptError(ctx, named, freshLock) };
    if (!passwordOk) return { ok: false, error: recordFailure(ctx, fresh, now, named) };
    if (fresh.is_active !== 1) {
      ctx.metrics.loginAttempt('failure');
      ctx.audit.append({
        ...named,
        action: 'login_failed',
        outcome: 'failure',
        details: { reason: 'inactive' },
      });
      return {
        ok: false,
        error: new HttpError(401, 'This account is deactivated; ask an administrator', {
          code: 'account_inactive',
          headers: BEARER,
        }),
      };
    }
    ctx.users.recordLogin(fresh.id, isoUtc(now));
    const session = ctx.tokens.startSession(fresh.id);
    ctx.metrics.loginAttempt('success');
    ctx.audit.append({
      ...named,
      sessionId: session.sessionId,
      action: 'login_success',
      outcome: 'success',
      details: { method: 'password' },
    });
    return { ok: true, user: ctx.users.byId(fresh.id) ?? fresh, ...session };
  })();
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

function lockedAttemptError(ctx: PlatformContext, named: AuditBase, lockedUntil: string): HttpError {
  ctx.metrics.loginAttempt('locked');
  ctx.audit.append({
    ...named,
    action: 'login_failed',
    outcome: 'failure',
    details: { reason: 'account_locked' },
  });
  return lockedError(lockedUntil);
}

function lockedAttempt(ctx: PlatformContext, named: AuditBase, lockedUntil: string): never {
  throw lockedAttemptError(ctx, named, lockedUntil);
}

/** Counts a wrong password; the fifth within the window locks the account (and says so). */
function recordFailure(ctx: PlatformContext, user: UserRow, now: number, named: AuditBase): HttpError {
  // A new window starts after an expired lock or when the first failure is 15 minutes old.
  const restart =
    user.locked_until !== null ||
    user.first_failed_at === null ||
    Date.parse(user.first_failed_at) <= now - FAILURE_WINDOW_MS;
  const attempts = (restart ? 0 : user.failed_login_attempts) + 1;
  const firstFailedAt = restart ? isoUtc(now) : user.first_failed_at;
  if (attempts >= MAX_FAILURES) {
    const lockedUntil = isoUtc(now + LOCK_MS);
    ctx.users.recordFailures(user.id, attempts, firstFailedAt, lockedUntil);
    ctx.metrics.loginAttempt('locked');
    ctx.audit.append({
      ...named,
      action: 'account_locked',
      outcome: 'failure',
      details: { reason: 'bad_password', failed_attempts: attempts, locked_until: lockedUntil },
    });
    return lockedError(lockedUntil);
  }
  ctx.users.recordFailures(user.id, attempts, firstFailedAt, null);
  ctx.metrics.loginAttempt('failure');
  ctx.audit.append({
    ...named,
    action: 'login_failed',
    outcome: 'failure',
    details: { reason: 'bad_password', failed_attempts: attempts },
  });
  return badCredentials();
}
