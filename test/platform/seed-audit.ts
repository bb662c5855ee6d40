import { isoUtc } from './clock';
import type { Db } from './db';
import { GENESIS_HASH, eventHash } from './hash-chain';
import type { HashedEventBody } from './hash-chain';
import { Prng } from './prng';
import { ACTION_WEIGHTS, CUSTOM_ROLES, FIRST_NAMES, USER_AGENTS, ipFor } from './seed-data';

export interface SeededUser {
  id: number;
  username: string;
  email: string;
  full_name: string;
  role: string;
}

const DAY_MS = 24 * 3600 * 1000;
export const AUDIT_SPAN_MS = 90 * DAY_MS;
const AUTH_ACTIONS = new Set([
  'login_success',
  'login_failed',
  'account_locked',
  'token_refreshed',
  'refresh_reused',
  'logout',
]);

function uuid(rng: Prng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes `count` chained events over the 90 days before `anchorMs`, in the caller's transaction.
 * Each hash is computed in the same pass as the insert, so a million events need one read of
 * nothing and one write of everything.
 */
export function seedAuditEvents(
  db: Db,
  people: readonly SeededUser[],
  count: number,
  anchorMs: number,
): number {
  if (count === 0 || people.length === 0) return 0;
  const rng = new Prng(0x0a0d17);
  const insert = db.prepare(
    `INSERT INTO audit_events (id, timestamp, user_id, username, action, resource, resource_id, outcome,
     ip_address, user_agent, details, session_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const admins = people.filter((p) => p.role === 'admin');
  const sessions = new Map<number, string>();
  const home = (p: SeededUser): { ip: string; ua: string } => ({
    ip: ipFor(p.id * 7919),
    ua: USER_AGENTS[p.id % 3] ?? USER_AGENTS[0],
  });
  const start = anchorMs - AUDIT_SPAN_MS;
  const step = AUDIT_SPAN_MS / count;
  let prevHash = GENESIS_HASH;

  for (let i = 0; i < count; i += 1) {
    const action = rng.weighted(ACTION_WEIGHTS);
    const isAuth = AUTH_ACTIONS.has(action);
    const who = isAuth || admins.length === 0 ? rng.pick(people) : rng.pick(admins);
    const target = rng.pick(people);
    // Mostly from the person's usual place and client; sometimes from elsewhere.
    const usual = rng.next() < 0.85;
    const place = home(who);
    const ip = usual ? place.ip : ipFor(rng.int(0, 1_000_000));
    const ua = usual ? place.ua : rng.pick(USER_AGENTS);
    let sessionId = sessions.get(who.id) ?? null;
    if (action === 'login_success' || sessionId === null) {
      sessionId = action === 'login_failed' || action === 'account_locked' ? null : uuid(rng);
      if (sessionId !== null) sessions.set(who.id, sessionId);
    }
    if (action === 'logout' || action === 'refresh_reused') sessions.delete(who.id);

    let userId: number | null = who.id;
    let username: string | null = who.username;
    let resource = isAuth ? 'auth' : 'user';
    let resourceId: string | null = String(isAuth ? who.id : target.id);
    let details: Record<string, unknown>;
    const ts = Math.floor(start + (i + rng.next()) * step);
    switch (action) {
      case 'login_success':
        details = { method: 'password' };
        break;
      case 'login_failed':
        sessionId = null;
        if (rng.next() < 0.15) {
          userId = null;
          username = null;
          resourceId = null;
          details = {
            username: `${rng.pick(FIRST_NAMES).toLowerCase()}${rng.int(1, 99)}`,
            reason: 'unknown_user',
          };
        } else {
          details = { reason: 'bad_password', failed_attempts: rng.int(1, 4) };
        }
        break;
      case 'account_locked':
        sessionId = null;
        details = { reason: 'bad_password', failed_attempts: 5, locked_until: isoUtc(ts + 15 * 60 * 1000) };
        break;
      case 'refresh_reused':
        details = { reason: 'spent refresh token presented again; session revoked' };
        break;
      case 'token_refreshed':
      case 'logout':
        details = {};
        break;
      case 'user_created':
        details = {
          username: target.username,
          email: target.email,
          full_name: target.full_name,
          role: target.role,
          is_active: true,
        };
        break;
      case 'user_updated':
        details =
          rng.next() < 0.5
            ? { username: target.username, changes: { role: { from: 'guest', to: target.role } } }
            : {
                username: target.username,
                changes: { full_name: { from: target.full_name.split(' ')[0] ?? '', to: target.full_name } },
              };
        break;
      case 'user_activated':
      case 'user_deactivated': {
        const on = action === 'user_activated';
        details = { username: target.username, changes: { is_active: { from: !on, to: on } } };
        break;
      }
      case 'user_deleted':
        details = { username: target.username, email: target.email, role: target.role };
        break;
      case 'password_reset':
        details = { username: target.username, sessions_revoked: rng.int(0, 3) };
        break;
      case 'user_unlocked':
        details = { username: target.username, failed_login_attempts: 5, was_locked: true };
        break;
      default: {
        const role = rng.pick(CUSTOM_ROLES);
        resource = 'role';
        resourceId = action === 'role_updated' ? role.name : `project-${rng.int(1, 40)}`;
        details =
          action === 'role_updated'
            ? { name: role.name, changes: { permissions: { added: ['edit_profile'], removed: [] } } }
            : {
                name: resourceId,
                ...(action === 'role_created' ? { description: 'Project team' } : {}),
                permissions: ['read'],
              };
      }
    }
    const failure = action === 'login_failed' || action === 'account_locked' || action === 'refresh_reused';
    const body: HashedEventBody = {
      id: i + 1,
      timestamp: isoUtc(ts),
      user_id: userId,
      username,
      action,
      resource,
      resource_id: resourceId,
      outcome: failure ? 'failure' : 'success',
      ip_address: ip,
      user_agent: ua,
      details,
      session_id: sessionId,
    };
    const hash = eventHash(prevHash, body);
    insert.run(
      body.id,
      body.timestamp,
      body.user_id,
      body.username,
      body.action,
      body.resource,
      body.resource_id,
      body.outcome,
      body.ip_address,
      body.user_agent,
      JSON.stringify(details),
      body.session_id,
      prevHash,
      hash,
    );
    prevHash = hash;
  }
  return count;
}
