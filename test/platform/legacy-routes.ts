import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate, authorize } from './auth-guard';
import { legacyTimestamp } from './clock';
import type { PlatformContext } from './context';
import { signIn } from './sign-in';
import { userToJson } from './users-store';
import type { UserRow } from './users-store';
import { parseQuery, queryInt } from './validation';

const pageQuery = z.object({ skip: queryInt(0, 0, Number.MAX_SAFE_INTEGER), limit: queryInt(100, 1, 1000) });

/** The deployed platform's user shape: no version, updated_at or locked_until, zoneless times. */
function legacyUser(row: UserRow, nowIso: string): Record<string, unknown> {
  const { version: _v, updated_at: _u, locked_until: _l, ...rest } = userToJson(row, nowIso);
  return {
    ...rest,
    created_at: legacyTimestamp(rest.created_at),
    last_login: legacyTimestamp(rest.last_login),
  };
}

/**
 * §7, what a deployed OPP V4 serves: sign-in without refresh, /me, and newest-first offset
 * lists. Everything else falls through to the 404 handler.
 */
export function registerLegacyRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  for (const prefix of ['/api/v1/auth', '/api/auth']) {
    app.post(`${prefix}/login`, async (request) => {
      const { user, sessionId } = await signIn(ctx, request);
      return {
        access_token: await ctx.tokens.signAccess(user, sessionId),
        token_type: 'bearer',
        expires_in: ctx.tokens.accessTtlSeconds,
        user: legacyUser(user, ctx.clock.nowIso()),
      };
    });
  }

  app.get('/api/v1/auth/me', async (request) => {
    const principal = await authenticate(ctx, request);
    return legacyUser(principal.user, ctx.clock.nowIso());
  });

  app.get('/api/v1/auth/users', async (request) => {
    await authorize(ctx, request, 'manage_users');
    const { skip, limit } = parseQuery(pageQuery, request.query);
    const now = ctx.clock.nowIso();
    const counts = ctx.users.counts(now);
    return {
      users: ctx.users.newest(skip, limit).map((row) => legacyUser(row, now)),
      total_users: counts.total,
      active_users: counts.active,
    };
  });

  app.get('/api/v1/auth/audit-logs', async (request) => {
    await authorize(ctx, request, 'view_audit_logs');
    const { skip, limit } = parseQuery(pageQuery, request.query);
    return {
      audit_logs: ctx.audit.newest(skip, limit).map((row) => ({
        id: row.id,
        user_id: row.user_id,
        username: row.username,
        action: row.action,
        resource: row.resource,
        ip_address: row.ip_address,
        timestamp: legacyTimestamp(row.timestamp),
      })),
    };
  });
}
