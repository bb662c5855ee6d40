import bcrypt from 'bcryptjs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actor, authorize } from './auth-guard';
import type { Principal } from './auth-guard';
import type { PlatformContext } from './context';
import { HttpError, conflict, notFound, validationError } from './http-error';
import { USER_SORTS, activeLock, userToJson } from './users-store';
import type { UserChanges, UserRow } from './users-store';
import {
  emailField,
  parseBody,
  parseIfMatch,
  parseQuery,
  parseWith,
  passwordField,
  queryBool,
  queryInt,
  requireIfMatch,
  text,
  usernameField,
} from './validation';

/** Cost 10: what the platform uses; seeded bulk users share one hash (see seed.ts). */
export const BCRYPT_COST = 10;

const listQuery = z.object({
  q: z.string().max(200).optional(),
  role: z.string().max(50).optional(),
  is_active: queryBool,
  sort: z.enum(USER_SORTS).default('username'),
  skip: queryInt(0, 0, Number.MAX_SAFE_INTEGER),
  limit: queryInt(50, 1, 500),
});

const createBody = z.object({
  username: usernameField,
  email: emailField,
  full_name: text(100).nullable().default(null),
  password: passwordField,
  role: z.string().default('user'),
  is_active: z.boolean().default(true),
});

const patchBody = z.strictObject({
  email: emailField.optional(),
  full_name: text(100).nullable().optional(),
  role: z.string().optional(),
  is_active: z.boolean().optional(),
});

const resetBody = z.object({ new_password: passwordField });
const idParam = z.object({ user_id: z.coerce.number().int().positive() });

function targetUser(ctx: PlatformContext, request: FastifyRequest): UserRow {
  const params = request.params as { id?: string };
  const { user_id: id } = parseWith(idParam, { user_id: params.id }, 'path');
  const user = ctx.users.byId(id);
  if (user === undefined) throw notFound('User');
  return user;
}

function checkVersion(request: FastifyRequest, user: UserRow, required: boolean): void {
  const header = request.headers['if-match'];
  const expected = required ? requireIfMatch(header, 'user') : parseIfMatch(header);
  if (expected !== null && expected !== user.version) {
    throw new HttpError(
      412,
      `The user was changed by someone else (version ${user.version}); reload and retry`,
      {
        code: 'version_mismatch',
        extra: { current_version: user.version },
      },
    );
  }
}

function checkRole(ctx: PlatformContext, role: string): void {
  if (ctx.roles.get(role) === undefined) throw validationError(['body', 'role'], `Unknown role "${role}"`);
}

/** Would this change or removal leave the platform without an active admin? */
function lastAdminCheck(ctx: PlatformContext, user: UserRow, staysActiveAdmin: boolean): void {
  if (staysActiveAdmin || user.role !== 'admin' || user.is_active !== 1) return;
  const others = ctx.users.activeAdminIds().filter((id) => id !== user.id);
  if (others.length === 0) {
    throw conflict(`${user.username} is the last active admin; make another admin first`, 'last_admin');
  }
}

/** §2. Every successful change writes exactly one audit event in the same transaction. */
export function registerUserRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  const nowIso = (): string => ctx.clock.nowIso();

  app.get('/api/v1/users', async (request) => {
    await authorize(ctx, request, 'read', 'manage_users');
    const query = parseQuery(listQuery, request.query);
    const isActive =
      query.is_active === undefined ? undefined : query.is_active === 'true' || query.is_active === '1';
    const { rows, total } = ctx.users.list({ ...query, isActive });
    const now = nowIso();
    return { items: rows.map((row) => userToJson(row, now)), total };
  });

  app.get('/api/v1/users/:id', async (request) => {
    await authorize(ctx, request, 'manage_users');
    return userToJson(targetUser(ctx, request), nowIso());
  });

  app.post('/api/v1/users', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_users');
    const body = parseBody(createBody, request.body);
    checkRole(ctx, body.role);
    const hash = await bcrypt.hash(body.password, BCRYPT_COST);
    const created = ctx.db.transaction((): UserRow | HttpError => {
      // Checked after hashing (which yields), so a concurrent create cannot slip in between.
      if (ctx.users.taken('username', body.username))
        return conflict(`Username "${body.username}" is already taken`);
      if (ctx.users.taken('email', body.email)) return conflict(`Email "${body.email}" is already in use`);
      const id = ctx.users.insert({ ...body, password_hash: hash, is_verified: false, created_at: nowIso() });
      const { password: _password, ...details } = body;
      ctx.audit.append({
        ...actor(principal, request),
        action: 'user_created',
        outcome: 'success',
        resource: 'user',
        resourceId: String(id),
        details,
      });
      const row = ctx.users.byId(id);
      if (row === undefined) throw new Error('Inserted user vanished');
      return row;
    })();
    if (created instanceof HttpError) throw created;
    return reply.code(201).send(userToJson(created, nowIso()));
  });

  app.patch('/api/v1/users/:id', async (request) => {
    const principal = await authorize(ctx, request, 'manage_users');
    const user = targetUser(ctx, request);
    const body = parseBody(patchBody, request.body ?? {});
    checkVersion(request, user, true);
    const changes = diffUser(user, body);
    if (Object.keys(changes).length === 0) return userToJson(user, nowIso());
    if (changes.role !== undefined) checkRole(ctx, changes.role);
    if (changes.email !== undefined && ctx.users.taken('email', changes.email, user.id)) {
      throw conflict(`Email "${changes.email}" is already in use`);
    }
    lastAdminCheck(
      ctx,
      user,
      (changes.role ?? user.role) === 'admin' && (changes.is_active ?? user.is_active === 1),
    );
    ctx.db.transaction(() => {
      ctx.users.update(user.id, changes, nowIso());
      // Deactivation ends the user's sessions; their access tokens already fail on the next call.
      if (changes.is_active === false) ctx.tokens.revokeUserSessions(user.id, 'deactivated');
      ctx.audit.append({
        ...actor(principal, request),
        action:
          changes.is_active === undefined
            ? 'user_updated'
            : changes.is_active
              ? 'user_activated'
              : 'user_deactivated',
        outcome: 'success',
        resource: 'user',
        resourceId: String(user.id),
        details: { username: user.username, changes: describeChanges(user, changes) },
      });
    })();
    const updated = ctx.users.byId(user.id);
    if (updated === undefined) throw notFound('User');
    return userToJson(updated, nowIso());
  });

  app.delete('/api/v1/users/:id', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_users', 'delete');
    const user = targetUser(ctx, request);
    checkVersion(request, user, false);
    if (user.id === principal.user.id)
      throw conflict('You cannot delete your own account', 'cannot_delete_self');
    lastAdminCheck(ctx, user, false);
    ctx.db.transaction(() => {
      ctx.audit.append({
        ...actor(principal, request),
        action: 'user_deleted',
        outcome: 'success',
        resource: 'user',
        resourceId: String(user.id),
        details: { username: user.username, email: user.email, role: user.role },
      });
      ctx.users.delete(user.id);
    })();
    return reply.code(204).send();
  });

  app.post('/api/v1/users/:id/reset-password', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_users');
    const user = targetUser(ctx, request);
    const body = parseBody(resetBody, request.body);
    const hash = await bcrypt.hash(body.new_password, BCRYPT_COST);
    ctx.db.transaction(() => {
      if (ctx.users.byId(user.id) === undefined) return;
      ctx.users.setPassword(user.id, hash, nowIso());
      const revoked = ctx.tokens.revokeUserSessions(user.id, 'password_reset');
      ctx.audit.append({
        ...actor(principal, request),
        action: 'password_reset',
        outcome: 'success',
        resource: 'user',
        resourceId: String(user.id),
        details: { username: user.username, sessions_revoked: revoked },
      });
    })();
    return reply.code(204).send();
  });

  app.post('/api/v1/users/:id/unlock', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_users');
    const user = targetUser(ctx, request);
    // Nothing to clear is no change, so no event: the log records changes, not clicks.
    if (user.failed_login_attempts === 0 && user.locked_until === null) return reply.code(204).send();
    unlock(ctx, principal, request, user);
    return reply.code(204).send();
  });
}

function unlock(ctx: PlatformContext, principal: Principal, request: FastifyRequest, user: UserRow): void {
  ctx.db.transaction(() => {
    ctx.users.unlock(user.id, ctx.clock.nowIso());
    ctx.audit.append({
      ...actor(principal, request),
      action: 'user_unlocked',
      outcome: 'success',
      resource: 'user',
      resourceId: String(user.id),
      details: {
        username: user.username,
        failed_login_attempts: user.failed_login_attempts,
        was_locked: activeLock(user, ctx.clock.nowIso()) !== null,
      },
    });
  })();
}

/** Only the fields whose value really differs: an unchanged PATCH changes nothing. */
function diffUser(user: UserRow, body: z.infer<typeof patchBody>): UserChanges {
  const changes: UserChanges = {};
  if (body.email !== undefined && body.email !== user.email) changes.email = body.email;
  if (body.full_name !== undefined && body.full_name !== user.full_name) changes.full_name = body.full_name;
  if (body.role !== undefined && body.role !== user.role) changes.role = body.role;
  if (body.is_active !== undefined && body.is_active !== (user.is_active === 1))
    changes.is_active = body.is_active;
  return changes;
}

function describeChanges(
  user: UserRow,
  changes: UserChanges,
): Record<string, { from: unknown; to: unknown }> {
  const before: Record<string, unknown> = {
    email: user.email,
    full_name: user.full_name,
    role: user.role,
    is_active: user.is_active === 1,
  };
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes))
    out[key] = { from: before[key] ?? null, to: value as unknown };
  return out;
}
