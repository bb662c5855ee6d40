import { vi, type Mock } from 'vitest';
import type { AuditEvent } from '../../../shared/domain/audit';
import { SEED_ROLE_PERMISSIONS } from '../../../shared/domain/role';
import type { User } from '../../../shared/domain/user';
import type {
  BulkAction,
  BulkPreviewItem,
  BulkResultItem,
  UserChanges,
} from '../../../shared/domain/user-admin';
import { OppError } from '../../../shared/errors';
import {
  ipcContract,
  type CallName,
  type CallOutput,
  type ParsedCallInput,
} from '../../../shared/ipc/contract';
import type { OppApi } from '../../../shared/ipc/opp-api';

type Users = OppApi['users'];

/** The fake's `users.*` calls, as `vi.fn`s, and the directory behind them. */
export interface FakeUsersApi {
  list: Mock<Users['list']>;
  get: Mock<Users['get']>;
  create: Mock<Users['create']>;
  update: Mock<Users['update']>;
  delete: Mock<Users['delete']>;
  unlock: Mock<Users['unlock']>;
  resetPassword: Mock<Users['resetPassword']>;
  bulkPreview: Mock<Users['bulkPreview']>;
  bulkApply: Mock<Users['bulkApply']>;
  activity: Mock<Users['activity']>;
  /** The users themselves, for tests that look at them or change them behind the screen's back. */
  directory: FakeUserDirectory;
}

/**
 * How main would be answering: `server` (the full API), `legacy` (an OPP V4 that only lists:
 * main filters its copy, nothing can be written) or `offline` (main's copy, as of `asOf`).
 */
export type FakeUsersMode = 'server' | 'legacy' | 'offline';

export interface FakeUsersSeed {
  /** How many users (ids 1..count); alice (id 1) is the signed-in admin of `sampleSession`. */
  count?: number;
  /** The users to hold instead of generated ones. */
  users?: readonly User[];
  mode?: FakeUsersMode;
  /** When main last fetched the list (what an offline answer is "as of"). */
  asOf?: string;
  /** The signed-in user, whom the refusals call "yourself". */
  selfId?: number;
  /** users.activity answers this note and no events (no audit permission, no copy yet). */
  activityNote?: string | null;
}

/** The permissions of the seed's roles (platform-api.md §3), by role name. */
export const FAKE_ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = SEED_ROLE_PERMISSIONS;

const NAMED = [
  ['alice', 'Alice Admin', 'admin'],
  ['bob', 'Bob Builder', 'user'],
  ['carol', 'Carol Jones', 'user'],
  ['dave', 'Dave Guest', 'guest'],
  ['erin', 'Erin Ops', 'admin'],
] as const;

/** A fixed past, so generated times do not depend on when a test runs (locks excepted). */
const ANCHOR = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

/**
 * User `id` of a generated directory. The first five have names (alice, bob, carol, dave, erin);
 * the rest are `user00006`, … Every 13th is locked, every 7th inactive, every 4th never signed
 * in; roles cycle so that every role has members.
 */
export function fakeUser(id: number, now = Date.now()): User {
  const named = NAMED[id - 1];
  const username = named?.[0] ?? `user${String(id).padStart(5, '0')}`;
  const role = named?.[2] ?? (id % 20 === 0 ? 'admin' : id % 5 === 0 ? 'guest' : 'user');
  const locked = id === 3 || (id > 5 && id % 13 === 0);
  return {
    id,
    username,
    email: `${username}@opp.example`,
    full_name: named?.[1] ?? `User ${id}`,
    role,
    permissions: [...(FAKE_ROLE_PERMISSIONS[role] ?? [])],
    is_active: id === 4 || (id > 5 && id % 7 === 0) ? false : true,
    is_verified: true,
    created_at: new Date(ANCHOR - (100_000 - id) * HOUR).toISOString(),
    updated_at: new Date(ANCHOR - (100_000 - id) * HOUR).toISOString(),
    last_login: id % 4 === 0 ? null : new Date(ANCHOR - id * 60_000).toISOString(),
    failed_login_attempts: locked ? 5 : 0,
    locked_until: locked ? new Date(now + 15 * 60_000).toISOString() : null,
    version: 1,
  };
}

function fail(code: OppError['code'], message: string, details?: OppError['details']): never {
  throw new OppError(code, message, details);
}

/** Validates an input as main's dispatcher does: a renderer bug shows up as VALIDATION here too. */
function parse<N extends CallName>(name: N, input: unknown): ParsedCallInput<N> {
  const parsed = ipcContract[name].input.safeParse(input);
  if (parsed.success) return parsed.data as ParsedCallInput<N>;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return fail('VALIDATION', `The request was not accepted. ${issues[0]?.message ?? ''}`, { issues });
}

const isLocked = (user: User, now: number): boolean =>
  user.locked_until != null && Date.parse(user.locked_until) > now;

/** The users of one environment as the server holds them, with the server's rules. */
export class FakeUserDirectory {
  readonly users = new Map<number, User>();
  mode: FakeUsersMode;
  asOf: string;
  selfId: number;
  activityNote: string | null;
  private nextId: number;

  constructor(seed: FakeUsersSeed = {}) {
    const now = Date.now();
    const users = seed.users ?? Array.from({ length: seed.count ?? 25 }, (_, k) => fakeUser(k + 1, now));
    for (const user of users) this.users.set(user.id, structuredClone(user));
    this.nextId = Math.max(0, ...this.users.keys()) + 1;
    this.mode = seed.mode ?? 'server';
    this.asOf = seed.asOf ?? new Date(now).toISOString();
    this.selfId = seed.selfId ?? 1;
    this.activityNote = seed.activityNote ?? null;
  }

  user(id: number): User {
    return this.users.get(id) ?? fail('NOT_FOUND', 'This user no longer exists.');
  }

  byName(username: string): User {
    const found = [...this.users.values()].find((user) => user.username === username);
    return found ?? fail('NOT_FOUND', `No user called ${username}.`);
  }

  /** Someone else changes a user (another console, the web app): its version grows. */
  changeElsewhere(id: number, changes: UserChanges): User {
    return this.apply(this.user(id), changes);
  }

  list(input: ParsedCallInput<'users.list'>): CallOutput<'users.list'> {
    const { filter, offset, limit } = input;
    const now = Date.now();
    const needle = filter.search.trim().toLowerCase();
    const matches = [...this.users.values()].filter(
      (user) =>
        (needle === '' ||
          [user.username, user.email, user.full_name ?? ''].some((text) =>
            text.toLowerCase().includes(needle),
          )) &&
        (filter.role === null || user.role === filter.role) &&
        (filter.active === 'any' || user.is_active === (filter.active === 'active')) &&
        (!filter.lockedOnly || isLocked(user, now)),
    );
    const field = filter.sort.replace(/^-/, '') as 'username' | 'created_at' | 'last_login';
    const direction = filter.sort.startsWith('-') ? -1 : 1;
    matches.sort((a, b) => {
      const x = a[field] ?? '';
      const y = b[field] ?? '';
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * direction;
    });
    return {
      items: structuredClone(matches.slice(offset, offset + limit)),
      total: matches.length,
      offset,
      source:
        this.mode === 'offline' ? 'cache' : this.mode === 'legacy' || filter.lockedOnly ? 'local' : 'server',
      asOf: this.mode === 'offline' ? this.asOf : new Date(now).toISOString(),
      readOnly: this.mode !== 'server',
      note:
        this.mode === 'legacy'
          ? 'This server (OPP V4) only lists users: search, filters and sort are done by the console, and nothing can be changed here.'
          : this.mode === 'offline'
            ? 'The server cannot be reached: these are the users last fetched.'
            : null,
    };
  }

  private writable(): void {
    if (this.mode === 'legacy') fail('UNSUPPORTED_BY_SERVER', 'This server cannot change users.');
    if (this.mode === 'offline') fail('OFFLINE', 'The server cannot be reached.');
  }

  private activeAdmins(): number {
    return [...this.users.values()].filter((user) => user.is_active && user.role === 'admin').length;
  }

  /** Why the server would refuse `changes` to `user` (409s), or null. */
  private refusal(user: User, changes: UserChanges, admins = this.activeAdmins()): string | null {
    const losesAdmin =
      user.is_active &&
      user.role === 'admin' &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.is_active === false);
    if (losesAdmin && admins <= 1) {
      return `${user.username} is the last active admin: make another user an active admin first.`;
    }
    return null;
  }

  private apply(user: User, changes: UserChanges): User {
    const next: User = {
      ...user,
      ...changes,
      permissions: [...(FAKE_ROLE_PERMISSIONS[changes.role ?? user.role] ?? [])],
      version: (user.version ?? 0) + 1,
      updated_at: new Date().toISOString(),
    };
    this.users.set(user.id, next);
    return structuredClone(next);
  }

  create(input: ParsedCallInput<'users.create'>): User {
    this.writable();
    const { username, email, full_name, role, is_active } = input;
    if (FAKE_ROLE_PERMISSIONS[role] === undefined) {
      fail('VALIDATION', `There is no role called ${role}.`, {
        issues: [{ path: 'role', message: 'No such role.' }],
      });
    }
    for (const other of this.users.values()) {
      if (other.username.toLowerCase() === username.toLowerCase()) {
        fail('CONFLICT', `The username ${username} is taken.`, {
          issues: [{ path: 'username', message: 'This username is taken.' }],
        });
      }
      if (other.email.toLowerCase() === email.toLowerCase()) {
        fail('CONFLICT', `Another user has the email ${email}.`);
      }
    }
    const now = new Date().toISOString();
    const user: User = {
      id: this.nextId++,
      username,
      email,
      full_name,
      role,
      permissions: [...(FAKE_ROLE_PERMISSIONS[role] ?? [])],
      is_active,
      is_verified: false,
      created_at: now,
      updated_at: now,
      last_login: null,
      failed_login_attempts: 0,
      locked_until: null,
      version: 1,
    };
    this.users.set(user.id, user);
    return structuredClone(user);
  }

  update(input: ParsedCallInput<'users.update'>): User {
    this.writable();
    const user = this.user(input.id);
    if (input.baseVersion !== user.version) {
      fail('VERSION_MISMATCH', `${user.username} was changed by someone else meanwhile.`, {
        current: structuredClone(user),
      });
    }
    const { changes } = input;
    if (changes.role !== undefined && FAKE_ROLE_PERMISSIONS[changes.role] === undefined) {
      fail('VALIDATION', `There is no role called ${changes.role}.`, {
        issues: [{ path: 'changes.role', message: 'No such role.' }],
      });
    }
    const refusal = this.refusal(user, changes);
    if (refusal !== null) fail('CONFLICT', refusal);
    return this.apply(user, changes);
  }

  delete(id: number): void {
    this.writable();
    const user = this.user(id);
    if (id === this.selfId) fail('CONFLICT', 'You cannot delete your own account.');
    const refusal = this.refusal(user, { is_active: false });
    if (refusal !== null) fail('CONFLICT', refusal);
    this.users.delete(id);
  }

  unlock(id: number): void {
    this.writable();
    const user = this.user(id);
    this.users.set(id, {
      ...user,
      locked_until: null,
      failed_login_attempts: 0,
      version: (user.version ?? 0) + 1,
    });
  }

  resetPassword(id: number): void {
    this.writable();
    this.user(id);
  }

  private target(action: BulkAction): { field: 'is_active' | 'role'; changes: UserChanges; to: string } {
    if (action.kind === 'set_role') return { field: 'role', changes: { role: action.role }, to: action.role };
    const active = action.kind === 'reactivate';
    return { field: 'is_active', changes: { is_active: active }, to: active ? 'active' : 'inactive' };
  }

  bulkPreview(input: ParsedCallInput<'users.bulkPreview'>): BulkPreviewItem[] {
    this.writable();
    const { field, changes, to } = this.target(input.action);
    let admins = this.activeAdmins();
    return input.ids.map((id) => {
      const user = this.users.get(id);
      if (user === undefined) {
        return {
          id,
          username: `#${id}`,
          verdict: 'refused',
          field,
          from: null,
          to,
          reason: 'This user no longer exists.',
          version: null,
        };
      }
      const from = field === 'role' ? user.role : user.is_active ? 'active' : 'inactive';
      const item = { id, username: user.username, field, from, to, version: user.version ?? 0 };
      if (from === to) return { ...item, verdict: 'no_change', reason: null };
      if (id === this.selfId && (field === 'role' || changes.is_active === false)) {
        return {
          ...item,
          verdict: 'refused',
          reason: 'You cannot change your own role or deactivate yourself.',
        };
      }
      if (field === 'role' && FAKE_ROLE_PERMISSIONS[to] === undefined) {
        return { ...item, verdict: 'refused', reason: `There is no role called ${to}.` };
      }
      const refusal = this.refusal(user, changes, admins);
      if (refusal !== null) return { ...item, verdict: 'refused', reason: refusal };
      if (user.is_active && user.role === 'admin') admins -= 1;
      return { ...item, verdict: 'change', reason: null };
    });
  }

  bulkApply(input: ParsedCallInput<'users.bulkApply'>): BulkResultItem[] {
    this.writable();
    const { changes } = this.target(input.action);
    return input.targets.map(({ id, version }): BulkResultItem => {
      const user = this.users.get(id);
      const failed = (code: string, reason: string): BulkResultItem => ({
        id,
        username: user?.username ?? `#${id}`,
        outcome: 'failed',
        reason,
        code,
        // As main answers: a failed item carries no user (the list is refetched afterwards).
        user: null,
      });
      if (user === undefined) return failed('NOT_FOUND', 'This user no longer exists.');
      if (user.version !== version)
        return failed('VERSION_MISMATCH', 'Changed by someone else since the preview.');
      const refusal = this.refusal(user, changes);
      if (refusal !== null) return failed('CONFLICT', refusal);
      const changed = this.apply(user, changes);
      return { id, username: user.username, outcome: 'changed', reason: null, code: null, user: changed };
    });
  }

  /** A sign-in by the user and the creation of the user, as the audit copy would hold them. */
  activity(input: ParsedCallInput<'users.activity'>): CallOutput<'users.activity'> {
    if (this.activityNote !== null) {
      return { byUser: [], onUser: [], copiedUpTo: null, note: this.activityNote };
    }
    const user = this.users.get(input.id);
    const event = (id: number, action: string, at: string, actor: string, onUser: boolean): AuditEvent => ({
      id,
      timestamp: at,
      user_id: actor === input.username ? input.id : 1,
      username: actor,
      action,
      resource: onUser ? 'user' : 'session',
      resource_id: onUser ? String(input.id) : null,
      outcome: 'success',
      ip_address: '10.0.0.7',
      user_agent: 'Mozilla/5.0',
      details: null,
      session_id: null,
      prev_hash: null,
      hash: null,
    });
    const byUser =
      user?.last_login == null
        ? []
        : [event(input.id * 10 + 1, 'login_success', user.last_login, input.username, false)];
    const onUser =
      user === undefined ? [] : [event(input.id * 10 + 2, 'user_created', user.created_at, 'alice', true)];
    return { byUser, onUser, copiedUpTo: new Date(ANCHOR).toISOString(), note: null };
  }
}

/** Runs a directory method as an IPC answer: its throw becomes a rejection. */
function answer<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Users as `users.*` answers them: filtering, sorting and paging like the server, versions that
 * grow, 412 VERSION_MISMATCH with `details.current`, the last-admin and yourself refusals, and
 * bulk preview/apply. Inputs are validated against the contract, as main's dispatcher does.
 */
export function createFakeUsersApi(seed: FakeUsersSeed = {}): FakeUsersApi {
  const directory = new FakeUserDirectory(seed);
  return {
    directory,
    list: vi.fn((input) => answer(() => directory.list(parse('users.list', input)))),
    get: vi.fn((input) =>
      answer(() => {
        const { id } = parse('users.get', input);
        const user = structuredClone(directory.user(id));
        return directory.mode === 'offline'
          ? { user, source: 'cache' as const, asOf: directory.asOf }
          : { user, source: 'server' as const, asOf: new Date().toISOString() };
      }),
    ),
    create: vi.fn((input) => answer(() => directory.create(parse('users.create', input)))),
    update: vi.fn((input) => answer(() => directory.update(parse('users.update', input)))),
    delete: vi.fn((input) => answer(() => directory.delete(parse('users.delete', input).id))),
    unlock: vi.fn((input) => answer(() => directory.unlock(parse('users.unlock', input).id))),
    resetPassword: vi.fn((input) =>
      answer(() => directory.resetPassword(parse('users.resetPassword', input).id)),
    ),
    bulkPreview: vi.fn((input) => answer(() => directory.bulkPreview(parse('users.bulkPreview', input)))),
    bulkApply: vi.fn((input) => answer(() => directory.bulkApply(parse('users.bulkApply', input)))),
    activity: vi.fn((input) => answer(() => directory.activity(parse('users.activity', input)))),
  };
}
