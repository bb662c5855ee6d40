import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actor, authorize } from './auth-guard';
import type { PlatformContext } from './context';
import { HttpError, conflict, notFound } from './http-error';
import {
  ADMIN_LOCKED_PERMISSIONS,
  PERMISSIONS,
  PERMISSION_NAMES,
  normalisePermissions,
  roleToJson,
} from './roles-store';
import type { RoleRow } from './roles-store';
import { parseBody, requireIfMatch, roleNameField, text } from './validation';

const permissionList = z
  .array(z.string().refine((name) => PERMISSION_NAMES.has(name), 'Unknown permission'))
  .max(PERMISSIONS.length * 2);

const createBody = z.object({
  name: roleNameField,
  description: text(200).default(''),
  permissions: permissionList.default([]),
});

const patchBody = z.strictObject({
  description: text(200).optional(),
  permissions: permissionList.optional(),
});

function targetRole(ctx: PlatformContext, request: FastifyRequest): RoleRow {
  const { name } = request.params as { name: string };
  const role = ctx.roles.get(name);
  if (role === undefined) throw notFound('Role');
  return role;
}

/** §3. Built-in roles cannot be deleted or renamed; admin keeps manage_roles and manage_users. */
export function registerRoleRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/api/v1/permissions', async (request) => {
    await authorize(ctx, request, 'read');
    return { items: PERMISSIONS };
  });

  app.get('/api/v1/roles', async (request) => {
    await authorize(ctx, request, 'read');
    return { items: ctx.roles.list().map(roleToJson) };
  });

  app.get('/api/v1/roles/:name', async (request) => {
    await authorize(ctx, request, 'read');
    return roleToJson(targetRole(ctx, request));
  });

  app.post('/api/v1/roles', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_roles');
    const body = parseBody(createBody, request.body);
    if (ctx.roles.get(body.name) !== undefined) throw conflict(`A role named "${body.name}" already exists`);
    const permissions = normalisePermissions(body.permissions);
    ctx.db.transaction(() => {
      ctx.roles.insert({ ...body, permissions }, false, ctx.clock.nowIso());
      ctx.audit.append({
        ...actor(principal, request),
        action: 'role_created',
        outcome: 'success',
        resource: 'role',
        resourceId: body.name,
        details: { name: body.name, description: body.description, permissions },
      });
    })();
    return reply.code(201).send(roleToJson(ctx.roles.get(body.name) ?? missing()));
  });

  app.patch('/api/v1/roles/:name', async (request) => {
    const principal = await authorize(ctx, request, 'manage_roles');
    const role = targetRole(ctx, request);
    const body = parseBody(patchBody, request.body ?? {});
    const expected = requireIfMatch(request.headers['if-match'], 'role');
    if (expected !== role.version) {
      throw new HttpError(
        412,
        `The role was changed by someone else (version ${role.version}); reload and retry`,
        {
          code: 'version_mismatch',
          extra: { current_version: role.version },
        },
      );
    }
    const before = roleToJson(role);
    const permissions =
      body.permissions === undefined ? before.permissions : normalisePermissions(body.permissions);
    const description = body.description ?? before.description;
    if (role.name === 'admin') {
      const lost = ADMIN_LOCKED_PERMISSIONS.filter((p) => !permissions.includes(p));
      if (lost.length > 0) {
        throw conflict(
          `The admin role must keep manage_roles and manage_users (would lose ${lost.join(', ')})`,
          'built_in_role',
        );
      }
    }
    const added = permissions.filter((p) => !before.permissions.includes(p));
    const removed = before.permissions.filter((p) => !permissions.includes(p));
    const changes: Record<string, unknown> = {};
    if (added.length > 0 || removed.length > 0) changes.permissions = { added, removed };
    if (description !== before.description)
      changes.description = { from: before.description, to: description };
    if (Object.keys(changes).length === 0) return before;
    ctx.db.transaction(() => {
      ctx.roles.update(role.name, description, permissions, ctx.clock.nowIso());
      ctx.audit.append({
        ...actor(principal, request),
        action: 'role_updated',
        outcome: 'success',
        resource: 'role',
        resourceId: role.name,
        details: { name: role.name, changes },
      });
    })();
    return roleToJson(ctx.roles.get(role.name) ?? missing());
  });

  app.delete('/api/v1/roles/:name', async (request, reply) => {
    const principal = await authorize(ctx, request, 'manage_roles');
    const role = targetRole(ctx, request);
    if (role.built_in === 1)
      throw conflict(`"${role.name}" is a built-in role and cannot be deleted`, 'built_in_role');
    if (role.user_count > 0) {
      throw new HttpError(
        409,
        `"${role.name}" is still assigned to ${role.user_count} user(s); reassign them first`,
        {
          code: 'role_in_use',
          extra: { user_count: role.user_count },
        },
      );
    }
    ctx.db.transaction(() => {
      ctx.audit.append({
        ...actor(principal, request),
        action: 'role_deleted',
        outcome: 'success',
        resource: 'role',
        resourceId: role.name,
        details: { name: role.name, permissions: roleToJson(role).permissions },
      });
      ctx.roles.delete(role.name);
    })();
    return reply.code(204).send();
  });
}

function missing(): never {
  throw new Error('A role written in this request is gone');
}
