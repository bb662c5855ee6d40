import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from './audit-log';
import type { PlatformContext } from './context';
import { HttpError } from './http-error';
import type { UserRow } from './users-store';

/** Who is calling, with the permissions of their role as it is now (not as it was at sign-in). */
export interface Principal {
  user: UserRow;
  permissions: ReadonlySet<string>;
  sessionId: string;
}

const BEARER = { 'WWW-Authenticate': 'Bearer' };

function unauthorized(detail: string, code?: string): HttpError {
  return new HttpError(401, detail, { headers: BEARER, ...(code === undefined ? {} : { code }) });
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/**
 * Checks the access token and loads the caller. The user and their role are read on every
 * request, so a deactivation, deletion or role change takes effect at once.
 */
export async function authenticate(ctx: PlatformContext, request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request);
  if (token === null) throw unauthorized('Not authenticated');
  const check = await ctx.tokens.verifyAccess(token);
  if (!check.ok) {
    // The deployed platform fails to decode a malformed token and answers 500 (platform-api.md §7).
    if (check.reason === 'malformed' && ctx.legacy) throw new HttpError(500, 'Internal Server Error');
    if (check.reason === 'expired') throw unauthorized('Token has expired', 'token_expired');
    throw unauthorized('Could not validate credentials', 'invalid_token');
  }
  const { claims } = check;
  const user = ctx.users.byId(claims.user_id);
  if (user === undefined || user.username !== claims.sub)
    throw unauthorized('User no longer exists', 'invalid_token');
  if (user.is_active !== 1) throw unauthorized('Account is deactivated', 'account_inactive');
  if (!ctx.tokens.sessionLive(claims.sid))
    throw unauthorized('This session has ended; sign in again', 'session_revoked');
  return { user, permissions: new Set(JSON.parse(user.role_permissions) as string[]), sessionId: claims.sid };
}

export function requirePermissions(principal: Principal, ...needed: string[]): void {
  const missing = needed.filter((p) => !principal.permissions.has(p));
  if (missing.length > 0) {
    throw new HttpError(403, `Not enough permissions: this call needs ${missing.join(' and ')}`, {
      code: 'forbidden',
    });
  }
}

export async function authorize(
  ctx: PlatformContext,
  request: FastifyRequest,
  ...needed: string[]
): Promise<Principal> {
  const principal = await authenticate(ctx, request);
  requirePermissions(principal, ...needed);
  return principal;
}

export function requestMeta(request: FastifyRequest): Pick<AuditEntry, 'ip' | 'userAgent'> {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}

/** The audit fields that name the acting administrator and their session. */
export function actor(
  principal: Principal,
  request: FastifyRequest,
): Pick<AuditEntry, 'userId' | 'username' | 'sessionId' | 'ip' | 'userAgent'> {
  return {
    userId: principal.user.id,
    username: principal.user.username,
    sessionId: principal.sessionId,
    ...requestMeta(request),
  };
}
