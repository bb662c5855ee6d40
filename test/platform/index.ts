import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AuditLog } from './audit-log';
import { Clock } from './clock';
import type { PlatformContext } from './context';
import { getMeta, openDatabase, setMeta } from './db';
import type { Db } from './db';
import type { FaultSpec } from './fault-spec';
import { HealthState } from './health';
import type { ComponentHealth } from './health';
import { PlatformMetrics } from './metrics';
import { resolveOptions } from './options';
import type { PlatformOptions, ResolvedOptions } from './options';
import { RolesStore } from './roles-store';
import { seedDatabase } from './seed';
import type { SeedReport } from './seed';
import { buildServer } from './server';
import { TokenService } from './tokens';
import { BCRYPT_COST } from './users-routes';
import { UsersStore } from './users-store';

export type { PlatformOptions } from './options';
export type { FaultSpec } from './fault-spec';
export type { ComponentHealth, HealthStatus } from './health';
export type { SeedReport } from './seed';
export { DEFAULT_PASSWORD, DEFAULT_SEED_ANCHOR } from './options';
export { FaultSpecError, formatFaultSpec, parseFaultSpec } from './fault-spec';
export { CONTROL_HEADER } from './test-control';
export { FIXED_ACCOUNTS } from './seed';

export interface RunningPlatform {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  /** Password of the seeded accounts (admin, auditor, alice, guest and the bulk users). */
  password: string;
  /** Value for the `X-Test-Control` header of the /__test endpoints. */
  controlKey: string;
  legacy: boolean;
  dataDir: string | null;
  /** What seeding did at start (`seeded: false` after a restart on a seeded data folder). */
  seed: SeedReport;
  /** Replaces the fault spec (string grammar or object); throws FaultSpecError on a bad spec. */
  setFaults(spec: string | FaultSpec): void;
  /** The current fault spec in the grammar ('' for none). */
  faults(): string;
  /** Forces a health component's state; null returns it to its real or simulated state. */
  setComponentHealth(name: string, health: ComponentHealth | null): void;
  /** Edits a stored audit event without fixing its hash; false if it does not exist (yet). */
  tamperAuditEvent(id: number): boolean;
  /** Moves the server's clock forward (lockouts, token lifetimes). */
  advanceClock(ms: number): void;
  setRateLimit(perMinute: number | null): void;
  stop(): Promise<void>;
}

/** The HS256 key: given, or kept in the data folder so sessions survive a restart, or per run. */
function signingKey(db: Db, options: ResolvedOptions): Uint8Array {
  if (options.jwtSecret !== null) return new TextEncoder().encode(options.jwtSecret);
  const stored = getMeta(db, 'jwt_key');
  if (stored !== null) return Buffer.from(stored, 'base64');
  const key = randomBytes(32);
  if (options.dataDir !== null) setMeta(db, 'jwt_key', key.toString('base64'));
  return key;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const resolved = resolveOptions(options);
  const db = openDatabase(resolved.dataDir);
  try {
    return await start(db, resolved);
  } catch (error) {
    db.close();
    throw error;
  }
}

async function start(db: Db, options: ResolvedOptions): Promise<RunningPlatform> {
  const clock = new Clock();
  const alreadySeeded = getMeta(db, 'seeded_at') !== null;
  const seed = seedDatabase(db, {
    // Hashed only when seeding: a restart must not pay bcrypt's cost for nothing.
    passwordHash: alreadySeeded ? '' : await bcrypt.hash(options.password, BCRYPT_COST),
    users: options.users,
    audit: options.audit,
    anchorMs: options.seedAnchorMs,
    legacy: options.legacy,
  });
  const users = new UsersStore(db);
  const tokens = new TokenService(db, clock, signingKey(db, options), options.accessTtlSeconds);
  const audit = new AuditLog(db, clock);
  const metrics = new PlatformMetrics(!options.legacy, {
    userCounts: () => users.counts(clock.nowIso()),
    activeSessions: () => tokens.activeSessions(),
    auditEvents: () => audit.lastId(),
  });
  const ctx: PlatformContext = {
    db,
    clock,
    audit,
    users,
    roles: new RolesStore(db),
    tokens,
    metrics,
    health: new HealthState(),
    legacy: options.legacy,
    startedAt: performance.now(),
  };
  const controlKey = options.controlKey ?? randomBytes(24).toString('base64url');
  const { app, faults, rateLimiter } = buildServer(ctx, {
    controlKey,
    rateLimitPerMinute: options.rateLimitPerMinute,
  });
  faults.set(options.faults);
  await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  const host = options.host === '::1' ? '[::1]' : options.host;
  let stopped: Promise<void> | null = null;

  return {
    url: `http://${host}:${port}`,
    port,
    password: options.password,
    controlKey,
    legacy: options.legacy,
    dataDir: options.dataDir,
    seed,
    setFaults: (spec) => void faults.set(spec),
    faults: () => faults.describe(),
    setComponentHealth: (name, health) => ctx.health.set(name, health),
    tamperAuditEvent: (id) => audit.tamper(id),
    advanceClock: (ms) => clock.advance(ms),
    setRateLimit: (perMinute) => rateLimiter.setLimit(perMinute),
    stop: () => {
      stopped ??= app.close().then(() => {
        db.close();
      });
      return stopped;
    },
  };
}
