import { performance } from 'node:perf_hooks';
import { isoUtc } from './clock';
import { getMeta, setMeta } from './db';
import type { Db } from './db';
import { Prng } from './prng';
import { BUILT_IN_ROLES, RolesStore } from './roles-store';
import { AUDIT_SPAN_MS, seedAuditEvents } from './seed-audit';
import type { SeededUser } from './seed-audit';
import {
  CUSTOM_ROLES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  LEGACY_ROLE_WEIGHTS,
  ROLE_WEIGHTS,
} from './seed-data';

/** The accounts every server has, all with the demo password. */
export const FIXED_ACCOUNTS = [
  { username: 'admin', email: 'admin@example.org', full_name: 'Platform Administrator', role: 'admin' },
  { username: 'auditor', email: 'auditor@example.org', full_name: 'Audit Reviewer', role: 'auditor' },
  { username: 'alice', email: 'alice@example.org', full_name: 'Alice Example', role: 'user' },
  { username: 'guest', email: 'guest@example.org', full_name: 'Guest Visitor', role: 'guest' },
] as const;

export interface SeedOptions {
  /** One bcrypt hash of the demo password, shared by every seeded account (see README). */
  passwordHash: string;
  users: number;
  audit: number;
  anchorMs: number;
  legacy: boolean;
}

export interface SeedReport {
  /** False when the database was already seeded (a restart with the same data folder). */
  seeded: boolean;
  users: number;
  events: number;
  ms: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Seeds an empty database in one transaction; an already seeded one is left alone. Everything
 * derives from fixed PRNG seeds and the anchor time, so the same numbers give the same rows.
 */
export function seedDatabase(db: Db, options: SeedOptions): SeedReport {
  if (getMeta(db, 'seeded_at') !== null) return { seeded: false, users: 0, events: 0, ms: 0 };
  const started = performance.now();
  // A bigger page cache keeps a million-row insert from spilling to the file mid-transaction.
  db.pragma('cache_size = -131072');
  // In WAL mode every page would be written twice (log, then checkpoint); a rollback journal
  // on a fresh file journals almost nothing. WAL comes back as soon as the seed is in.
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  if (wal) db.pragma('journal_mode = DELETE');
  const result = db.transaction(() => {
    const roles = new RolesStore(db);
    const rolesAt = isoUtc(options.anchorMs - 400 * DAY_MS);
    for (const role of BUILT_IN_ROLES) roles.insert(role, true, rolesAt);
    for (const role of CUSTOM_ROLES) roles.insert(role, false, rolesAt);
    const people = seedUsers(db, options);
    const events = seedAuditEvents(db, people, options.audit, options.anchorMs);
    setMeta(db, 'seeded_at', isoUtc(options.anchorMs));
    setMeta(
      db,
      'seed',
      JSON.stringify({ users: options.users, audit: options.audit, anchor: isoUtc(options.anchorMs) }),
    );
    return { users: people.length, events };
  })();
  db.pragma('cache_size = -16384');
  if (wal) db.pragma('journal_mode = WAL');
  return { seeded: true, ...result, ms: performance.now() - started };
}

function seedUsers(db: Db, options: SeedOptions): SeededUser[] {
  const insert = db.prepare(
    `INSERT INTO users (username, email, full_name, password_hash, role, is_active, is_verified, created_at,
     updated_at, last_login, failed_login_attempts, first_failed_at, locked_until, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const people: SeededUser[] = [];
  const fixedAt = isoUtc(options.anchorMs - 400 * DAY_MS);
  for (const account of FIXED_ACCOUNTS) {
    const info = insert.run(
      account.username,
      account.email,
      account.full_name,
      options.passwordHash,
      account.role,
      1,
      1,
      fixedAt,
      fixedAt,
      null,
      0,
      null,
      null,
      1,
    );
    people.push({ ...account, id: Number(info.lastInsertRowid) });
  }

  const rng = new Prng(0x5eed);
  const taken = new Set<string>(people.map((p) => p.username));
  const weights = options.legacy ? LEGACY_ROLE_WEIGHTS : ROLE_WEIGHTS;
  for (let i = 0; i < options.users; i += 1) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const stem = `${first}.${last}`.toLowerCase();
    let username = stem;
    for (let n = 2; taken.has(username); n += 1) username = `${stem}${n}`;
    taken.add(username);
    const email = `${username}@${rng.pick(EMAIL_DOMAINS)}`;
    const role = rng.weighted(weights);
    // Everyone exists before the 90 days of seeded audit events begin.
    const created = options.anchorMs - AUDIT_SPAN_MS - rng.int(1, 365) * DAY_MS - rng.int(0, DAY_MS - 1);
    const updated = created + rng.int(0, 30) * DAY_MS;
    const neverSignedIn = rng.next() < 0.1;
    const lastLogin = neverSignedIn ? null : isoUtc(options.anchorMs - rng.int(0, AUDIT_SPAN_MS));
    const active = rng.next() >= 0.07;
    // About 1% locked at the anchor time (so with a fixed past anchor, their locks have expired).
    const locked = active && !neverSignedIn && rng.next() < 0.01;
    const info = insert.run(
      username,
      email,
      `${first} ${last}`,
      options.passwordHash,
      role,
      active ? 1 : 0,
      rng.next() < 0.9 ? 1 : 0,
      isoUtc(created),
      isoUtc(updated),
      lastLogin,
      locked ? 5 : 0,
      locked ? isoUtc(options.anchorMs - 5 * 60 * 1000) : null,
      locked ? isoUtc(options.anchorMs + 10 * 60 * 1000) : null,
      rng.int(1, 4),
    );
    people.push({ id: Number(info.lastInsertRowid), username, email, full_name: `${first} ${last}`, role });
  }
  return people;
}
