import type { FaultSpec } from './fault-spec';
import { passwordProblem } from './validation';

/** What `startPlatform` accepts; each field mirrors a CLI flag (README.md). */
export interface PlatformOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** Where the SQLite file (and the JWT key) live; absent: in memory, gone at stop. */
  dataDir?: string | null;
  /** Bulk users seeded on top of the four fixed accounts. */
  users?: number;
  /** Audit events seeded over the 90 days before the seed anchor. */
  audit?: number;
  /** Serve only what a deployed OPP V4 serves (platform-api.md §7). */
  legacy?: boolean;
  /** Access token lifetime; default 1800, at least 1. */
  accessTtlSeconds?: number;
  /** Fault spec in the README's grammar, or the same as an object. */
  faults?: string | FaultSpec;
  /** Password of every seeded account; default `OppDemo-2026!`. */
  password?: string;
  /** Requests per minute per client address; absent or null: no limit. */
  rateLimitPerMinute?: number | null;
  /** HS256 key; default a random key (kept in the data folder when there is one). */
  jwtSecret?: string;
  /** Seeded times end here: an ISO time, or `now`. Default: a fixed date, so seeds are identical. */
  seedAnchor?: string;
  /** The X-Test-Control key; default random per run. */
  controlKey?: string;
}

export const DEFAULT_PASSWORD = 'OppDemo-2026!';
export const DEFAULT_ACCESS_TTL_SECONDS = 1800;
/** Fixed so that the same `--users/--audit` numbers give byte-identical data, hashes included. */
export const DEFAULT_SEED_ANCHOR = '2026-11-01T00:00:00.000Z';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ResolvedOptions {
  port: number;
  host: string;
  dataDir: string | null;
  users: number;
  audit: number;
  legacy: boolean;
  accessTtlSeconds: number;
  faults: string | FaultSpec;
  password: string;
  rateLimitPerMinute: number | null;
  jwtSecret: string | null;
  seedAnchorMs: number;
  controlKey: string | null;
}

function wholeNumber(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return n;
}

export function resolveOptions(options: PlatformOptions): ResolvedOptions {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The reference platform binds loopback only (got host ${host})`);
  const password = options.password ?? DEFAULT_PASSWORD;
  const problem = passwordProblem(password);
  if (problem !== null) throw new Error(`The demo password breaks the platform's policy: ${problem}`);
  const anchor = options.seedAnchor ?? DEFAULT_SEED_ANCHOR;
  const seedAnchorMs = anchor === 'now' ? Date.now() : Date.parse(anchor);
  if (Number.isNaN(seedAnchorMs)) throw new Error(`seedAnchor must be an ISO time or "now" (got ${anchor})`);
  const rate = options.rateLimitPerMinute ?? null;
  return {
    port: wholeNumber('port', options.port, 0, 0, 65535),
    host,
    dataDir: options.dataDir ?? null,
    users: wholeNumber('users', options.users, 0, 0, 10_000_000),
    audit: wholeNumber('audit', options.audit, 0, 0, 100_000_000),
    legacy: options.legacy ?? false,
    accessTtlSeconds: wholeNumber(
      'accessTtlSeconds',
      options.accessTtlSeconds,
      DEFAULT_ACCESS_TTL_SECONDS,
      1,
      31_536_000,
    ),
    faults: options.faults ?? '',
    password,
    rateLimitPerMinute: rate === null ? null : wholeNumber('rateLimitPerMinute', rate, 0, 1, 1_000_000),
    jwtSecret: options.jwtSecret ?? null,
    seedAnchorMs,
    controlKey: options.controlKey ?? null,
  };
}
