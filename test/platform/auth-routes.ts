import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticate, requestMeta } from './auth-guard';
import type { PlatformContext } from './context';
import { HttpError } from './http-error';
import { signIn } from './sign-in';
import { userToJson } from './users-store';
import { parseBody } from './validation';

const refreshBody = z.object({ refresh_token: z.string().min(1).max(200) });

function refreshError(detail: string, code: string): HttpError {
  return new HttpError(401, detail, { code, headers: { 'WWW-Authenticate': 'Bearer' } });
}

/** §1: sign-in, rotation with reuse detection, sign-out, and who am I. */
export function registerAuthRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  app.post('/api/v1/auth/login', async (request) => {
    const { user, sessionId, refreshToken } = await signIn(ctx, request);
    return {
      access_token: await ctx.tokens.signAccess(user, sessionId),
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: ctx.tokens.accessTtlSeconds,
      user: userToJson(user, ctx.clock.nowIso()),
    };
  });

  app.post('/api/v1/auth/refresh', async (request) => {
    const { refresh_token: token } = parseBody(refreshBody, request.body);
    const result = rotate(ctx, request, token);
    return {
      access_token: await ctx.tokens.signAccess(result.user, result.sessionId),
      refresh_token: result.refreshToken,
      token_type: 'bearer',
      expires_in: ctx.tokens.accessTtlSeconds,
    };
  });

  // Sign-out needs only the refresh token: an expired access token must not stop a user leaving.
  app.post('/api/v1/auth/logout', async (request, reply) => {
    const { refresh_token: token } = parseBody(refreshBody, request.body);
    const session = ctx.tokens.sessionOf(token);
    if (session === null) throw refreshError('Unknown refresh token', 'invalid_refresh_token');
    if (!session.revoked) {
      const user = ctx.users.byId(session.userId);
      ctx.db.transaction(() => {
        ctx.tokens.revokeSession(session.sessionId, 'logout');
        ctx.audit.append({
          action: 'logout',
          outcome: 'success',
          userId: session.userId,
          username: user?.username ?? null,
          resource: 'auth',
          resourceId: String(session.userId),
          details: {},
          sessionId: session.sessionId,
          ...requestMeta(request),
        });
      })();
    }
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', async (request) => {
    const principal = await authenticate(ctx, request);
    return userToJson(principal.user, ctx.clock.nowIso());
  });
}

type Rotated = {
  user: { id: number; username: string; role: string };
  sessionId: string;
  refreshToken: string;
};

function rotate(ctx: PlatformContext, request: FastifyRequest, token: string): Rotated {
  const outcome = ctx.db.transaction((): Rotated | HttpError => {
    const result = ctx.tokens.rotate(token);
    switch (result.kind) {
      case 'unknown':
        return refreshError('Unknown refresh token', 'invalid_refresh_token');
      case 'expired':
        return refreshError('Refresh token has expired; sign in again', 'refresh_expired');
      case 'revoked':
        return refreshError('Refresh token has been revoked; sign in again', 'refresh_revoked');
      case 'reused': {
        const user = ctx.users.byId(result.userId);
        ctx.audit.append({
          action: 'refresh_reused',
          outcome: 'failure',
          userId: result.userId,
          username: user?.username ?? null,
          resource: 'auth',
          resourceId: String(result.userId),
          details: { reason: 'spent refresh token presented again; session revoked' },
          sessionId: result.sessionId,
          ...requestMeta(request),
        });
        return refreshError('Refresh token was already used; this session is revoked', 'refresh_reused');
      }
      case 'rotated': {
        const user = ctx.users.byId(result.userId);
        if (user?.is_active !== 1) {
          ctx.tokens.revokeSession(result.sessionId, 'user_inactive');
          return refreshError('This account is no longer active', 'account_inactive');
        }
        ctx.audit.append({
          action: 'token_refreshed',
          outcome: 'success',
          userId: user.id,
          username: user.username,
          resource: 'auth',
          resourceId: String(user.id),
          details: {},
          sessionId: result.sessionId,
          ...requestMeta(request),
        });
        return { user, sessionId: result.sessionId, refreshToken: result.refreshToken };
      }
    }
  })();
  if (outcome instanceof HttpError) throw outcome;
  return outcome;
}
