import { describe, expect, it } from 'vitest';
import type { AuditFilter, AuditRow, AuditStatus, AuditWindow } from '../../shared/domain/audit-query';
import type { Environment } from '../../shared/domain/environment';
import type { Session } from '../../shared/domain/session';
import { ActivityReader } from './activity';

function row(id: number, fields: Partial<AuditRow>): AuditRow {
  return {
    id,
    timestamp: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString(),
    user_id: 1,
    username: 'admin',
    action: 'user_updated',
    resource: 'user',
    resource_id: '1',
    outcome: 'success',
    ip_address: null,
    user_agent: null,
    details: null,
    session_id: null,
    prev_hash: null,
    hash: null,
    chain: 'unchained',
    ...fields,
  };
}

/** A copy holding `rows` (oldest first), answering newest-first windows as AuditService.query does. */
function fakeAudit(rows: AuditRow[], status: Partial<AuditStatus> = {}) {
  const windows: AuditFilter[] = [];
  const newestFirst = [...rows].sort((a, b) => b.id - a.id);
  return {
    windows,
    query(
      _env: string,
      filter: AuditFilter,
      _order: 'newest' | 'oldest',
      after: { id: number } | null,
      limit: number,
    ): AuditWindow {
      windows.push(filter);
      const matching = newestFirst
        .filter((r) => filter.resource === undefined || r.resource === filter.resource)
        .filter((r) => filter.usernames === undefined || filter.usernames.includes(r.username ?? ''))
        .filter((r) => filter.actions === undefined || filter.actions.includes(r.action))
        .filter((r) => after === null || r.id < after.id);
      const shown = matching.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        rows: shown,
        next:
          matching.length > limit && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null,
        total: null,
      };
    },
    status: (environmentId: string) =>
      ({
        environmentId,
        mode: 'cursor',
        state: 'idle',
        eventsHeld: rows.length,
        lastSyncAt: '2026-02-01T00:00:00.000Z',
        newestTimestamp: null,
        ...status,
      }) as AuditStatus,
    syncNow: () => Promise.reject(new Error('not here')),
  };
}

const session = (permissions: string[]): Session => ({
  environmentId: 'prod',
  username: 'admin',
  userId: 1,
  role: 'auditor',
  permissions,
  capabilities: [],
  expiresAt: '2026-12-01T00:00:00.000Z',
  memoryOnly: false,
});

function reader(
  audit: ReturnType<typeof fakeAudit>,
  signedIn: Session | null = session(['view_audit_logs']),
) {
  return new ActivityReader(
    audit,
    {
      get: () => signedIn,
      request: () => Promise.reject(new Error('no')),
      fetchJson: () => Promise.reject(new Error('no')),
    },
    { require: (id: string) => ({ id }) as Environment, get: (id: string) => ({ id }) as Environment },
  );
}

describe('a user’s activity from the audit copy', () => {
  it('finds the events on one user among every user event, newest first, without the chain mark', () => {
    const rows = [
      row(1, { action: 'user_created', resource_id: '7' }),
      row(2, { action: 'user_created', resource_id: '8' }),
      row(3, { action: 'login_success', resource: 'auth', resource_id: '7', username: 'nina' }),
      row(4, { action: 'user_updated', resource_id: '7' }),
      row(5, { action: 'user_updated', resource_id: '70' }),
    ];
    const activity = reader(fakeAudit(rows)).userActivity('prod', 7, 'nina', 50);
    expect(activity.onUser.map((e) => [e.id, e.action])).toEqual([
      [4, 'user_updated'],
      [1, 'user_created'],
    ]);
    expect(activity.byUser.map((e) => e.id)).toEqual([3]);
    expect(activity.onUser[0]).not.toHaveProperty('chain');
    expect(activity).toMatchObject({ copiedUpTo: '2026-02-01T00:00:00.000Z', note: null });
  });

  it('stops at the limit, and after a bounded number of windows says the search was cut', () => {
    const crowd = Array.from({ length: 25_000 }, (_, i) =>
      row(i + 1, { resource_id: String(1000 + (i % 5000)) }),
    );
    const limited = fakeAudit([
      row(0, {}),
      ...crowd,
      row(25_001, { resource_id: '7' }),
      row(25_002, { resource_id: '7' }),
    ]);
    expect(
      reader(limited)
        .userActivity('prod', 7, 'x', 1)
        .onUser.map((e) => e.id),
    ).toEqual([25_002]);
    expect(limited.windows.filter((f) => f.resource === 'user')).toHaveLength(1);

    const lost = fakeAudit([row(1, { resource_id: '7' }), ...crowd.map((r) => ({ ...r, id: r.id + 1 }))]);
    const activity = reader(lost).userActivity('prod', 7, 'x', 50);
    expect(activity.onUser).toEqual([]);
    expect(activity.note).toBe(
      'Only the newest 20,000 user events of the copy were searched; the audit screen searches them all.',
    );
    expect(lost.windows.filter((f) => f.resource === 'user')).toHaveLength(20);
  });

  it('says why there is nothing: no audit permission, or no copy yet', () => {
    expect(reader(fakeAudit([row(1, {})]), session(['read'])).userActivity('prod', 1, 'admin', 5)).toEqual({
      byUser: [],
      onUser: [],
      copiedUpTo: null,
      note: 'Your role (auditor) lacks the view_audit_logs permission. Activity comes from the audit log.',
    });
    const none = fakeAudit([], { mode: null, eventsHeld: 0, state: 'never' });
    expect(reader(none).userActivity('prod', 1, 'admin', 5).note).toMatch(
      /no copy of the audit log on this computer yet/,
    );
    const copying = fakeAudit([], { mode: null, eventsHeld: 0, state: 'syncing' });
    expect(reader(copying).roleHistory('prod', 'x').note).toMatch(/being copied/);
    // Signed out, the copy stays readable, as on the audit screen.
    expect(
      reader(fakeAudit([row(1, { resource_id: '1' })]), null).userActivity('prod', 1, 'admin', 5).onUser,
    ).toHaveLength(1);
  });
});

describe('a role’s history from the audit copy', () => {
  it('lists its created, updated and deleted events, newest first', () => {
    const rows = [
      row(1, { action: 'role_created', resource: 'role', resource_id: 'support' }),
      row(2, { action: 'role_created', resource: 'role', resource_id: 'other' }),
      row(3, { action: 'user_updated', resource: 'user', resource_id: 'support' }),
      row(4, { action: 'role_updated', resource: 'role', resource_id: 'support' }),
      row(5, { action: 'role_deleted', resource: 'role', resource_id: 'support' }),
    ];
    const audit = fakeAudit(rows);
    const history = reader(audit).roleHistory('prod', 'support');
    expect(history.events.map((e) => [e.id, e.action])).toEqual([
      [5, 'role_deleted'],
      [4, 'role_updated'],
      [1, 'role_created'],
    ]);
    expect(audit.windows[0]).toEqual({
      resource: 'role',
      actions: ['role_created', 'role_updated', 'role_deleted'],
    });
  });
});
