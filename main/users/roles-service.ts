import type { z } from 'zod';
import {
  BUILT_IN_LIMITS,
  BUILT_IN_ROLES,
  type Role,
  type roleCreateInputSchema,
  type RolesView,
  type roleUpdateInputSchema,
} from '../../shared/domain/role';
import type { Session } from '../../shared/domain/session';
import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import type { AllUsers, AllUsersFetcher } from './all-users';
import { deriveRoles, derivedPermissions, rolesWithoutUsers } from './legacy-users';
import type { UserAdminContext } from './user-admin-context';
import { isOffline, roleWriteError, versionMismatch } from './user-admin-errors';
import { permissionsAnswerSchema, rolesAnswerSchema, serverRoleSchema } from './user-schemas';

export type RoleCreateInput = z.output<typeof roleCreateInputSchema>;
export type RoleUpdateInput = z.output<typeof roleUpdateInputSchema>;

const DERIVED_NOTE =
  "This server has no roles API: the roles are derived from its users' role and permissions, with how many users hold each. Read-only.";
const UNCOUNTED_NOTE =
  'This server has no roles API, and your role may not list its users: these are the built-in roles as the platform seed defines them and your own, without user counts. Read-only.';
const OFFLINE_NOTE =
  'The server cannot be reached: these are the roles as this console last fetched them. Read-only until the connection is back.';

function isBuiltIn(name: string): boolean {
  return (BUILT_IN_ROLES as readonly string[]).includes(name);
}

/** Roles and permissions (§3): listed, created, changed on a version, deleted when unused. */
export class RolesService {
  constructor(
    private readonly ctx: UserAdminContext,
    private readonly all: AllUsersFetcher,
  ) {}

  async list(environmentId: string): Promise<RolesView> {
    const session = this.ctx.reader(environmentId, 'roles.read');
    try {
      return session.capabilities.includes('roles_api')
        ? await this.fromServer(environmentId)
        : await this.derived(environmentId, session);
    } catch (error) {
      if (!isOffline(error)) throw error;
      const cached = this.ctx.cache.roles(environmentId);
      if (cached.fetchedAt === null) throw error;
      return {
        roles: cached.roles,
        permissions: cached.permissions,
        source: 'cache',
        asOf: new Date(cached.fetchedAt).toISOString(),
        readOnly: true,
        note: OFFLINE_NOTE,
      };
    }
  }

  async create(input: RoleCreateInput): Promise<Role> {
    const { environmentId, ...body } = input;
    this.ctx.writer(environmentId, 'roles.write');
    const answer = await this.ctx.send(environmentId, { method: 'POST', path: '/api/v1/roles', body });
    if (answer.status !== 201 && answer.status !== 200) throw this.refused(environmentId, answer, input.name);
    const role = this.saved(environmentId, answer);
    this.ctx.changed(environmentId, ['roles'], { action: 'role_created', role: role.name });
    return role;
  }

  async update(input: RoleUpdateInput): Promise<Role> {
    const { environmentId, name, baseVersion, description, permissions } = input;
    this.ctx.writer(environmentId, 'roles.write');
    if (name === 'admin' && permissions !== undefined) {
      const lost = BUILT_IN_LIMITS.adminKeeps.filter((keep) => !permissions.includes(keep));
      if (lost.length > 0) {
        throw new OppError(
          'CONFLICT',
          `${BUILT_IN_LIMITS.adminKeepsWords} (it would lose ${lost.join(' and ')}).`,
          {
            reason: 'built_in_role',
          },
        );
      }
    }
    const answer = await this.ctx.send(environmentId, {
      method: 'PATCH',
      path: `/api/v1/roles/${encodeURIComponent(name)}`,
      body: { description, permissions },
      headers: { 'If-Match': String(baseVersion) },
    });
    if (answer.status === 412) throw versionMismatch('role', await this.current(environmentId, name));
    if (answer.status !== 200) throw this.refused(environmentId, answer, name);
    const role = this.saved(environmentId, answer);
    // Its users' permissions changed with it.
    this.ctx.changed(environmentId, ['roles', 'users'], { action: 'role_updated', role: name });
    return role;
  }

  async delete(environmentId: string, name: string): Promise<void> {
    this.ctx.writer(environmentId, 'roles.write');
    if (isBuiltIn(name)) {
      throw new OppError('CONFLICT', BUILT_IN_LIMITS.deleteOrRename, { reason: 'built_in_role' });
    }
    const answer = await this.ctx.send(environmentId, {
      method: 'DELETE',
      path: `/api/v1/roles/${encodeURIComponent(name)}`,
    });
    if (answer.status !== 204 && answer.status !== 200) throw this.refused(environmentId, answer, name);
    this.ctx.cache.forgetRole(environmentId, name);
    this.ctx.changed(environmentId, ['roles'], { action: 'role_deleted', role: name });
  }

  private async fromServer(environmentId: string): Promise<RolesView> {
    const at = this.ctx.now();
    const [roles, permissions] = await Promise.all([
      this.ctx.get(environmentId, '/api/v1/roles', rolesAnswerSchema),
      this.ctx.get(environmentId, '/api/v1/permissions', permissionsAnswerSchema),
    ]);
    this.ctx.cache.saveRoles(environmentId, roles.items, permissions.items, at);
    return {
      roles: roles.items,
      permissions: permissions.items,
      source: 'server',
      asOf: new Date(at).toISOString(),
      readOnly: false,
      note: null,
    };
  }

  /** No roles API (§7): the roles carried on the users, counted. */
  private async derived(environmentId: string, session: Session): Promise<RolesView> {
    let all: AllUsers;
    try {
      all = await this.all.fetch(environmentId, null);
    } catch (error) {
      if (!(error instanceof OppError && error.code === 'FORBIDDEN')) throw error;
      // Reading roles needs only `read`; counting them needs the user list, which this role may not see.
      const roles = rolesWithoutUsers(session);
      return {
        roles,
        permissions: derivedPermissions(roles),
        source: 'derived',
        asOf: this.ctx.nowIso(),
        readOnly: true,
        note: UNCOUNTED_NOTE,
      };
    }
    const roles = deriveRoles(all.users);
    const permissions = derivedPermissions(roles);
    this.ctx.cache.saveRoles(environmentId, roles, permissions, all.fetchedAt);
    return {
      roles,
      permissions,
      source: 'derived',
      asOf: new Date(all.fetchedAt).toISOString(),
      readOnly: true,
      note: DERIVED_NOTE,
    };
  }

  /** The role as the server holds it now (the list is the call §3 names for reading roles). */
  private async current(environmentId: string, name: string): Promise<Role> {
    const roles = await this.ctx.get(environmentId, '/api/v1/roles', rolesAnswerSchema);
    const role = roles.items.find((candidate) => candidate.name === name);
    if (role === undefined) throw this.noSuchRole(name);
    this.ctx.cache.saveRole(environmentId, role, this.ctx.now());
    return role;
  }

  private saved(environmentId: string, answer: HttpAnswer): Role {
    const role = this.ctx.body(environmentId, answer, serverRoleSchema);
    this.ctx.cache.saveRole(environmentId, role, this.ctx.now());
    return role;
  }

  private noSuchRole(name: string): OppError {
    return new OppError('NOT_FOUND', `The server has no role "${name}": it may have been deleted.`);
  }

  private refused(environmentId: string, answer: HttpAnswer, name: string): OppError {
    if (answer.status === 404) {
      this.ctx.cache.forgetRole(environmentId, name);
      return this.noSuchRole(name);
    }
    return roleWriteError(answer, this.ctx.describe(environmentId), name);
  }
}
