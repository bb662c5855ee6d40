import { AUDIT_ACTIONS } from '../../../shared/domain/audit';
import type { AuditFilter, AuditRow, AuditStatus, AuditWindow } from '../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../shared/domain/environment';
import type { CallInput, CallOutput } from '../../../shared/ipc/contract';

type QueryInput = CallInput<'audit.query'>;
type Cursor = NonNullable<QueryInput['after']>;
export type FakeHistogram = CallOutput<'audit.histogram'>;

/** What a fake copy holds: events 1..count, oldest first, generated from their id. */
export interface FakeAuditSeed {
  count: number;
  /** Time of event 1 (ISO). */
  firstAt?: string;
  /** Time between two timestamps; events come in pairs that share one, so the keyset has ties. */
  everyMs?: number;
  chain?: 'verified' | 'unverified' | 'unchained';
  /** Ids of events that fail the chain check (tampered). */
  broken?: readonly number[];
  /** When the copy last caught up (ISO); by default the time of the newest event. null: never. */
  lastSyncAt?: string | null;
  state?: AuditStatus['state'];
  lastError?: string | null;
  horizonDays?: number | null;
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] as const;
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) OPPConsole/0.1',
  'curl/8.5.0',
  'python-requests/2.32',
] as const;
const FAILING_ACTIONS = new Set(['login_failed', 'account_locked', 'refresh_reused']);

/** A small integer hash: the same id always gives the same event. */
function mix(id: number, salt: number): number {
  let h = Math.imul(id ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function pick<T>(list: readonly T[], id: number, salt: number): T {
  return list[mix(id, salt) % list.length] as T;
}

function resourceOf(action: string): string {
  if (action.startsWith('user_') || action === 'password_reset') return 'user';
  if (action.startsWith('role_')) return 'role';
  return 'session';
}

/** An ascending list of matching ids, without materialising it when only time narrows. */
interface IdList {
  length: number;
  idAt(position: number): number;
}

/** The first position in [0, length) for which `test` holds (`test` is false, then true). */
function lowerBound(length: number, test: (position: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * An in-memory audit copy that answers `audit.query` and `audit.histogram` as main does: filters,
 * newest or oldest first, keyset windows after a `{timestamp, id}` cursor, the total on the
 * first window only. Events are computed from their id, so a million of them cost nothing until
 * asked for; filters other than time materialise the matching ids (keep such seeds small).
 */
export class FakeAuditStore {
  count: number;
  readonly firstMs: number;
  readonly everyMs: number;
  readonly chain: NonNullable<FakeAuditSeed['chain']>;
  readonly broken: ReadonlySet<number>;
  lastSyncAt: string | null;
  state: AuditStatus['state'];
  lastError: string | null;
  horizonDays: number | null;
  private readonly matches = new Map<string, Int32Array>();

  constructor(
    readonly environmentId: EnvironmentId,
    seed: FakeAuditSeed,
  ) {
    this.count = seed.count;
    this.firstMs = Date.parse(seed.firstAt ?? '2026-01-01T00:00:00.000Z');
    this.everyMs = seed.everyMs ?? 60_000;
    this.chain = seed.chain ?? 'verified';
    this.broken = new Set(seed.broken ?? []);
    this.state = seed.state ?? (seed.lastSyncAt === null ? 'never' : 'idle');
    this.lastError = seed.lastError ?? null;
    this.horizonDays = seed.horizonDays ?? null;
    this.lastSyncAt =
      seed.lastSyncAt === undefined
        ? this.count > 0
          ? this.timestampOf(this.count)
          : null
        : seed.lastSyncAt;
  }

  timeOf(id: number): number {
    return this.firstMs + Math.floor((id - 1) / 2) * this.everyMs;
  }

  timestampOf(id: number): string {
    return new Date(this.timeOf(id)).toISOString();
  }

  /** Event `id` (1..count) as the copy holds it. */
  event(id: number): AuditRow {
    const action = pick(AUDIT_ACTIONS, id, 1);
    const unknownUser = action === 'login_failed' && mix(id, 2) % 3 === 0;
    const username = unknownUser ? null : pick(USERS, id, 3);
    const failed = FAILING_ACTIONS.has(action) || mix(id, 4) % 20 === 0;
    const chained = this.chain !== 'unchained';
    const hash = (n: number): string => n.toString(16).padStart(64, '0');
    return {
      id,
      timestamp: this.timestampOf(id),
      user_id: username === null ? null : USERS.indexOf(username) + 1,
      username,
      action,
      resource: resourceOf(action),
      resource_id: String(mix(id, 5) % 500),
      outcome: failed ? 'failure' : 'success',
      ip_address: `10.${mix(id, 6) % 4}.${mix(id, 7) % 256}.${mix(id, 8) % 256}`,
      user_agent: pick(AGENTS, id, 9),
      details: unknownUser
        ? { request_id: `req-${id}`, username_tried: 'mallory', reason: 'unknown user' }
        : { request_id: `req-${id}`, note: `event ${id}` },
      session_id: `s-${mix(id, 10) % 1000}`,
      prev_hash: chained ? hash(id - 1) : null,
      hash: chained ? hash(id) : null,
      chain: !chained
        ? 'unchained'
        : this.broken.has(id)
          ? 'broken'
          : this.chain === 'verified'
            ? 'verified'
            : 'unverified',
    };
  }

  /** New events arrive at the newest end, as a sync would bring them. */
  append(events: number, syncedAt = this.timestampOf(this.count + events)): void {
    this.count += events;
    this.lastSyncAt = syncedAt;
    this.matches.clear();
  }

  /** Ids in the time range: `from` and `to` both included, as main reads them. */
  private idRange(filter: AuditFilter): [number, number] {
    const from = filter.from === undefined ? null : Date.parse(filter.from);
    const to = filter.to === undefined ? null : Date.parse(filter.to);
    // Ids are ascending in time: the range [from, to] is a run of ids.
    const low = from === null ? 0 : lowerBound(this.count, (p) => this.timeOf(p + 1) >= from);
    const high = to === null ? this.count : lowerBound(this.count, (p) => this.timeOf(p + 1) > to);
    return [low + 1, Math.max(low, high)];
  }

  private rowMatches(row: AuditRow, filter: AuditFilter): boolean {
    if (filter.usernames !== undefined && !filter.usernames.includes(row.username ?? '')) return false;
    if (filter.actions !== undefined && !filter.actions.includes(row.action)) return false;
    if (filter.outcome !== undefined && row.outcome !== filter.outcome) return false;
    if (filter.resource !== undefined && row.resource !== filter.resource) return false;
    if (filter.ipPrefix !== undefined && !(row.ip_address ?? '').startsWith(filter.ipPrefix)) return false;
    if (filter.text !== undefined) {
      const needle = filter.text.toLowerCase();
      const haystack = [
        row.username,
        row.action,
        row.resource,
        row.ip_address,
        row.user_agent,
        JSON.stringify(row.details),
      ]
        .join('\n')
        .toLowerCase();
      if (!haystack.includes(needle)) return false;
    }
    return true;
  }

  /** The ids matching `filter`, ascending. */
  ids(filter: AuditFilter): IdList {
    const [first, last] = this.idRange(filter);
    const { from: _from, to: _to, ...rest } = filter;
    if (Object.values(rest).every((value) => value === undefined)) {
      return { length: last - first + 1, idAt: (position) => first + position };
    }
    const key = `${JSON.stringify(filter)}|${this.count}`;
    let found = this.matches.get(key);
    if (found === undefined) {
      const list: number[] = [];
      for (let id = first; id <= last; id++) if (this.rowMatches(this.event(id), rest)) list.push(id);
      found = Int32Array.from(list);
      this.matches.set(key, found);
    }
    const ids = found;
    return { length: ids.length, idAt: (position) => ids[position] as number };
  }

  /** `audit.query`: one keyset window. */
  query({ filter, order, after, limit }: Omit<QueryInput, 'environmentId'>): AuditWindow {
    const ids = this.ids(filter);
    const compare = (id: number, cursor: Cursor): number => {
      const time = this.timeOf(id) - Date.parse(cursor.timestamp);
      return time !== 0 ? time : id - cursor.id;
    };
    const rows: AuditRow[] = [];
    if (order === 'newest') {
      // Rows strictly before the cursor in (timestamp, id), newest first.
      let position =
        (after === null ? ids.length : lowerBound(ids.length, (p) => compare(ids.idAt(p), after) >= 0)) - 1;
      while (position >= 0 && rows.length < limit) rows.push(this.event(ids.idAt(position--)));
      const more = position >= 0;
      const last = rows.at(-1);
      return {
        rows,
        next: more && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null,
        total: after === null ? ids.length : null,
      };
    }
    let position = after === null ? 0 : lowerBound(ids.length, (p) => compare(ids.idAt(p), after) > 0);
    while (position < ids.length && rows.length < limit) rows.push(this.event(ids.idAt(position++)));
    const more = position < ids.length;
    const last = rows.at(-1);
    return {
      rows,
      next: more && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null,
      total: after === null ? ids.length : null,
    };
  }

  /**
   * `audit.histogram`, as main draws it: the filter's time range, or the copy's span where it
   * is open, both ends included, cut in equal buckets of whole milliseconds.
   */
  histogram(filter: AuditFilter, buckets: number): FakeHistogram {
    if (this.count === 0 && (filter.from === undefined || filter.to === undefined)) {
      return { bucketMs: 0, buckets: [] };
    }
    const ids = this.ids(filter);
    const start = filter.from !== undefined ? Date.parse(filter.from) : this.timeOf(1);
    const end = filter.to !== undefined ? Date.parse(filter.to) : this.timeOf(this.count);
    if (end < start) return { bucketMs: 0, buckets: [] };
    const bucketMs = Math.max(1, Math.ceil((end - start + 1) / buckets));
    const slots = Math.ceil((end - start + 1) / bucketMs);
    const atOrAfter = (time: number): number =>
      lowerBound(ids.length, (p) => this.timeOf(ids.idAt(p)) >= time);
    const result: FakeHistogram['buckets'] = [];
    for (let bucket = 0; bucket < slots; bucket++) {
      const from = start + bucket * bucketMs;
      result.push({
        start: new Date(from).toISOString(),
        count: atOrAfter(Math.min(from + bucketMs, end + 1)) - atOrAfter(from),
      });
    }
    return { bucketMs, buckets: result };
  }

  /** `audit.status`. */
  status(): AuditStatus {
    const breaks = [...this.broken]
      .filter((id) => id <= this.count)
      .sort((a, b) => a - b)
      .map((id) => ({
        id,
        timestamp: this.timestampOf(id),
        reason: 'Its hash does not match its content: the event was changed after it was written.',
      }));
    const firstBreak = breaks[0]?.id ?? null;
    const chainStatus =
      this.chain === 'unchained'
        ? 'unchained'
        : breaks.length > 0
          ? 'broken'
          : this.chain === 'verified'
            ? 'verified'
            : 'unverified';
    return {
      environmentId: this.environmentId,
      mode: this.lastSyncAt === null && this.count === 0 ? null : 'cursor',
      state: this.state,
      eventsHeld: this.count,
      oldestTimestamp: this.count > 0 ? this.timestampOf(1) : null,
      newestTimestamp: this.count > 0 ? this.timestampOf(this.count) : null,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      horizonDays: this.horizonDays,
      chain: {
        status: chainStatus,
        verifiedThroughId:
          this.chain !== 'verified' || this.count === 0
            ? null
            : firstBreak === null
              ? this.count
              : firstBreak - 1,
        headHash:
          this.chain === 'unchained' || this.count === 0 ? null : this.count.toString(16).padStart(64, '0'),
        breaks,
      },
    };
  }
}
