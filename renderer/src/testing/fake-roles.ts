import { vi, type Mock } from 'vitest';
import type { AuditEvent } from '../../../shared/domain/audit';
import {
  BUILT_IN_LIMITS,
  roleNameSchema,
  SEED_ROLE_PERMISSIONS,
  type Permission,
  type Role,
  type RolesView,
} from '../../../shared/domain/role';
import { OppError } from '../../../shared/errors';
import type { OppApi } from '../../../shared/ipc/opp-api';

type Roles = OppApi['roles'];

/** Every permission the platform's seed knows (platform-api.md §3), in its canonical order. */
export const FAKE_PERMISSIONS: readonly Permission[] = [
  { name: 'read', description: 'Read platform data; needed for every list' },
  { name: 'write', description: 'Create and change platform data' },
  { name: 'admin', description: 'Administrative access to the platform' },
  { name: 'delete', description: 'Delete records, including users (with manage_users)' },
  { name: 'manage_users', description: 'List, create, change, unlock and reset users' },
  { name: 'manage_roles', description: 'Create, change and delete roles' },
  { name: 'view_audit_logs', description: 'Read the audit log' },
  { name: 'edit_profile', description: 'Edit one’s own profile' },
  { name: 'change_password', description: 'Change one’s own password' },
];

/** The seed's built-in roles (§3): their permissions from shared, their words as the seed has them. */
const BUILT_INS: readonly Pick<Role, 'name' | 'description' | 'permissions'>[] = [
  { name: 'admin', description: 'Full administrative access', permissions: [...SEED_ROLE_PERMISSIONS.admin] },
  { name: 'user', description: 'Regular platform user', permissions: [...SEED_ROLE_PERMISSIONS.user] },
  { name: 'guest', description: 'Read-only visitor', permissions: [...SEED_ROLE_PERMISSIONS.guest] },
];

/** A custom role to start with; unset fields get plausible values. */
export type FakeRoleSeed = Pick<Role, 'name'> & Partial<Omit<Role, 'name' | 'built_in'>>;

export interface FakeRolesSeed {
  /** Custom roles besides the three built-in ones. */
  custom?: readonly FakeRoleSeed[];
  /** Users per role (built-in ones too); 0 for roles not named. */
  userCounts?: Readonly<Record<string, number>>;
  /** Who the history names for changes made through the fake. */
  actor?: { username: string; userId: number };
}

/** The fake's `roles.*` calls, as `vi.fn`s, and the state behind them. */
export interface FakeRolesApi {
  list: Mock<Roles['list']>;
  create: Mock<Roles['create']>;
  update: Mock<Roles['update']>;
  delete: Mock<Roles['delete']>;
  history: Mock<Roles['history']>;
  /** The roles and their history, for tests that arrange or inspect them. */
  store: FakeRolesStore;
}

const SEEDED_AT = '2026-10-01T09:00:00.000Z';
const DEFAULT_COUNTS: Readonly<Record<string, number>> = { admin: 2, user: 41, guest: 6 };

function copy(role: Role): Role {
  return { ...role, permissions: [...role.permissions] };
}

/** Keeps a permission list in the server's order, without duplicates (as the platform does). */
function canonical(permissions: readonly string[]): string[] {
  const wanted = new Set(permissions);
  return FAKE_PERMISSIONS.map((p) => p.name).filter((name) => wanted.has(name));
}

/**
 * Roles as main answers them over a full server, plus the two other sources: `derived` (a
 * legacy server: the built-in three, read-only) and `cache` (offline: main's copy, read-only).
 * Writes behave like the platform: versions grow, a stale base version is refused with the
 * current role, built-in and assigned roles cannot be deleted, admin keeps what it must, and
 * each change adds a role_* event to the history.
 */
export class FakeRolesStore {
  source: RolesView['source'] = 'server';
  /** When a `cache` answer was fetched. */
  cachedAt = '2026-11-20T08:15:00.000Z';
  actor: { username: string; userId: number };
  private roles: Role[];
  private events: AuditEvent[] = [];
  private nextEventId = 1;

  constructor(seed: FakeRolesSeed = {}) {
    const counts = { ...DEFAULT_COUNTS, ...seed.userCounts };
    this.actor = seed.actor ?? { username: 'alice', userId: 1 };
    this.roles = BUILT_INS.map((role) => ({
      ...role,
      built_in: true,
      user_count: counts[role.name] ?? 0,
      updated_at: SEEDED_AT,
      version: 1,
    }));
    for (const role of seed.custom ?? []) this.addRole({ user_count: counts[role.name] ?? 0, ...role });
  }

  /** Adds a custom role as if created long ago (no history event). */
  addRole(seed: FakeRoleSeed): Role {
    const role: Role = {
      description: '',
      user_count: 0,
      updated_at: SEEDED_AT,
      version: 1,
      ...seed,
      permissions: canonical(seed.permissions ?? ['read']),
      built_in: false,
    };
    this.roles.push(role);
    return copy(role);
  }

  /** The role as stored now (a copy), or undefined. */
  role(name: string): Role | undefined {
    const role = this.roles.find((r) => r.name === name);
    return role === undefined ? undefined : copy(role);
  }

  setUserCount(name: string, count: number): void {
    this.mutate(name, (role) => ({ ...role, user_count: count }));
  }

  /** Someone else changes a role on the server: its version grows and the history says so. */
  changeElsewhere(
    name: string,
    change: { description?: string; permissions?: readonly string[] },
    by = { username: 'bob', userId: 7 },
  ): Role {
    return this.applyUpdate(this.found(name), change, by);
  }

  /** Adds an event to the history as the platform wrote it (for seeded, older changes). */
  record(
    action: 'role_created' | 'role_updated' | 'role_deleted',
    name: string,
    details: Record<string, unknown> | null,
    at: { timestamp: string; username: string | null; userId?: number | null },
  ): AuditEvent {
    const event: AuditEvent = {
      id: this.nextEventId++,
      timestamp: at.timestamp,
      user_id: at.userId ?? null,
      username: at.username,
      action,
      resource: 'role',
      resource_id: name,
      outcome: 'success',
      ip_address: '10.20.0.5',
      user_agent: 'OPP Console/0.1.0 (X11; Linux x86_64) Electron/45.5.0',
      details,
      session_id: null,
      prev_hash: null,
      hash: null,
    };
    this.events.push(event);
    return event;
  }

  view(): RolesView {
    if (this.source === 'derived') {
      return {
        roles: this.roles.filter((role) => role.built_in).map(copy),
        permissions: [],
        source: 'derived',
        asOf: new Date().toISOString(),
        readOnly: true,
        note: 'This server has no roles API: the three built-in roles are read from the users’ role fields and cannot be changed here.',
      };
    }
    const cache = this.source === 'cache';
    return {
      roles: this.roles.map(copy),
      permissions: FAKE_PERMISSIONS.map((p) => ({ ...p })),
      source: this.source,
      asOf: cache ? this.cachedAt : new Date().toISOString(),
      readOnly: cache,
      note: cache ? 'The server cannot be reached: these are the roles last fetched.' : null,
    };
  }

  create(input: { name: string; description: string; permissions: readonly string[] }): Role {
    this.writable();
    if (!roleNameSchema.safeParse(input.name).success) {
      throw new OppError('VALIDATION', 'The role was not accepted.', {
        issues: [
          { path: 'name', message: 'Start with a letter; use 2 to 50 lower-case letters, digits, _ and -.' },
        ],
      });
    }
    this.knownPermissions(input.permissions);
    if (this.roles.some((role) => role.name === input.name)) {
      throw new OppError('CONFLICT', `A role named "${input.name}" already exists.`);
    }
    const now = new Date().toISOString();
    const role: Role = {
      name: input.name,
      description: input.description.trim(),
      permissions: canonical(input.permissions),
      built_in: false,
      user_count: 0,
      updated_at: now,
      version: 1,
    };
    this.roles.push(role);
    this.record(
      'role_created',
      role.name,
      { name: role.name, description: role.description, permissions: role.permissions },
      { timestamp: now, username: this.actor.username, userId: this.actor.userId },
    );
    return copy(role);
  }

  update(input: {
    name: string;
    baseVersion: number;
    description?: string | undefined;
    permissions?: readonly string[] | undefined;
  }): Role {
    this.writable();
    const role = this.found(input.name);
    if (input.baseVersion !== role.version) {
      throw new OppError(
        'VERSION_MISMATCH',
        `The role was changed by someone else (version ${role.version}); reload and retry.`,
        { current: copy(role), currentVersion: role.version },
      );
    }
    if (input.permissions !== undefined) this.knownPermissions(input.permissions);
    return this.applyUpdate(role, input, this.actor);
  }

  delete(name: string): void {
    this.writable();
    const role = this.found(name);
    if (role.built_in) throw new OppError('CONFLICT', `"${name}" is a built-in role and cannot be deleted.`);
    if (role.user_count > 0) {
      throw new OppError(
        'CONFLICT',
        `"${name}" is still assigned to ${role.user_count} user(s); reassign them first.`,
        { userCount: role.user_count },
      );
    }
    this.roles = this.roles.filter((r) => r.name !== name);
    this.record(
      'role_deleted',
      name,
      { name, permissions: role.permissions },
      { timestamp: new Date().toISOString(), username: this.actor.username, userId: this.actor.userId },
    );
  }

  /** The role_* events about one role, newest first, as main reads them from the audit copy. */
  history(name: string): { events: AuditEvent[]; copiedUpTo: string | null; note: string | null } {
    const events = this.events
      .filter((event) => event.resource_id === name)
      .sort((a, b) => b.id - a.id)
      .map((event) => ({ ...event }));
    const newest = [...this.events].sort((a, b) => b.id - a.id)[0];
    return { events, copiedUpTo: newest?.timestamp ?? null, note: null };
  }

  private applyUpdate(
    role: Role,
    change: { description?: string | undefined; permissions?: readonly string[] | undefined },
    by: { username: string; userId: number },
  ): Role {
    const permissions = change.permissions === undefined ? role.permissions : canonical(change.permissions);
    const description = change.description?.trim() ?? role.description;
    if (role.name === 'admin') {
      const lost = BUILT_IN_LIMITS.adminKeeps.filter((p) => !permissions.includes(p));
      if (lost.length > 0) {
        throw new OppError('CONFLICT', `${BUILT_IN_LIMITS.adminKeepsWords} (would lose ${lost.join(', ')})`);
      }
    }
    const added = permissions.filter((p) => !role.permissions.includes(p));
    const removed = role.permissions.filter((p) => !permissions.includes(p));
    const changes: Record<string, unknown> = {};
    if (added.length > 0 || removed.length > 0) changes['permissions'] = { added, removed };
    if (description !== role.description)
      changes['description'] = { from: role.description, to: description };
    // The platform records changes, not calls: an edit that changes nothing keeps the version.
    if (Object.keys(changes).length === 0) return copy(role);
    const now = new Date().toISOString();
    const next = this.mutate(role.name, (r) => ({
      ...r,
      description,
      permissions,
      updated_at: now,
      version: r.version + 1,
    }));
    this.record(
      'role_updated',
      role.name,
      { name: role.name, changes },
      { timestamp: now, username: by.username, userId: by.userId },
    );
    return next;
  }

  private mutate(name: string, change: (role: Role) => Role): Role {
    const next = change(this.found(name));
    this.roles = this.roles.map((r) => (r.name === name ? next : r));
    return copy(next);
  }

  private found(name: string): Role {
    const role = this.roles.find((r) => r.name === name);
    if (role === undefined) throw new OppError('NOT_FOUND', `There is no role named "${name}".`);
    return role;
  }

  private writable(): void {
    if (this.source === 'derived') {
      throw new OppError('UNSUPPORTED_BY_SERVER', 'This server has no roles API.');
    }
    if (this.source === 'cache') throw new OppError('OFFLINE', 'The server cannot be reached.');
  }

  private knownPermissions(permissions: readonly string[]): void {
    const unknown = permissions.filter((p) => !FAKE_PERMISSIONS.some((known) => known.name === p));
    if (unknown.length > 0) {
      throw new OppError('VALIDATION', `Unknown permission: ${unknown.join(', ')}.`, {
        issues: [{ path: 'permissions', message: `Unknown permission: ${unknown.join(', ')}.` }],
      });
    }
  }
}

/** Turns a throwing store call into the promise main's API answers. */
function answer<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Roles as `roles.*` answers them: the three built-in roles of §3 and any custom ones seeded.
 * `createFakeOppApi` starts it unseeded; tests arrange more through `api.roles.store`.
 */
export function createFakeRolesApi(seed: FakeRolesSeed = {}): FakeRolesApi {
  const store = new FakeRolesStore(seed);
  return {
    list: vi.fn(() => answer(() => store.view())),
    create: vi.fn(({ name, description, permissions }) =>
      answer(() => store.create({ name, description, permissions })),
    ),
    update: vi.fn(({ name, baseVersion, description, permissions }) =>
      answer(() => store.update({ name, baseVersion, description, permissions })),
    ),
    delete: vi.fn(({ name }) => answer(() => store.delete(name))),
    history: vi.fn(({ name }) => answer(() => store.history(name))),
    store,
  };
}
