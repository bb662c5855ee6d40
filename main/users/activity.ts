import { access } from '../../shared/access';
import type { AuditEvent } from '../../shared/domain/audit';
import type { AuditFilter, AuditRow } from '../../shared/domain/audit-query';
import type { RoleHistory } from '../../shared/domain/role';
import type { UserActivity } from '../../shared/domain/user-admin';
import type { UserAdminDeps } from './user-admin-context';

/** Events read from the copy per window when looking for one user's or role's events. */
const WINDOW = 1000;
/**
 * Windows read at most. The copy can filter by resource type but not by resource id, so the
 * events on one user are found by reading the newest user events until enough match. A user with
 * few or no events would otherwise have the whole history read each time their details open:
 * twenty windows (the newest 20,000 user events) keep that quick, and the note points to the
 * audit screen, which searches everything.
 */
const MAX_WINDOWS = 20;
/** A role's history is short: role events are rare. */
const ROLE_HISTORY_LIMIT = 200;
const ROLE_ACTIONS = ['role_created', 'role_updated', 'role_deleted'];

type Audit = UserAdminDeps['audit'];

function event(row: AuditRow): AuditEvent {
  const { chain: _chain, ...rest } = row;
  return rest;
}

/** Activity of users and history of roles, from the local audit copy (no request to the server). */
export class ActivityReader {
  constructor(
    private readonly audit: Audit,
    private readonly sessions: UserAdminDeps['sessions'],
    private readonly environments: UserAdminDeps['environments'],
  ) {}

  userActivity(environmentId: string, id: number, username: string, limit: number): UserActivity {
    const copy = this.copy(environmentId);
    if (copy.note !== null) return { byUser: [], onUser: [], ...copy };
    const byUser = this.audit
      .query(environmentId, { usernames: [username] }, 'newest', null, limit)
      .rows.map(event);
    const onUser = this.scan(environmentId, { resource: 'user' }, String(id), limit);
    return {
      byUser,
      onUser: onUser.events,
      copiedUpTo: copy.copiedUpTo,
      note: onUser.cut ? this.cutNote('user') : null,
    };
  }

  roleHistory(environmentId: string, name: string): RoleHistory {
    const copy = this.copy(environmentId);
    if (copy.note !== null) return { events: [], ...copy };
    const found = this.scan(
      environmentId,
      { resource: 'role', actions: ROLE_ACTIONS },
      name,
      ROLE_HISTORY_LIMIT,
    );
    return {
      events: found.events,
      copiedUpTo: copy.copiedUpTo,
      note: found.cut ? this.cutNote('role') : null,
    };
  }

  /** Whether activity can be shown, and up to when the copy holds events. */
  private copy(environmentId: string): { copiedUpTo: string | null; note: string | null } {
    this.environments.require(environmentId);
    const session = this.sessions.get(environmentId);
    // Signed out, the copy stays readable (as on the audit screen); signed in, the role decides.
    if (session !== null) {
      const verdict = access(session, 'audit.read');
      if (!verdict.allowed)
        return { copiedUpTo: null, note: `${verdict.reason} Activity comes from the audit log.` };
    }
    const status = this.audit.status(environmentId);
    if (status.mode === null && status.eventsHeld === 0) {
      return {
        copiedUpTo: null,
        note:
          status.state === 'syncing' || status.state === 'backing_off'
            ? 'The audit log is being copied to this computer; activity shows when the copy is ready.'
            : 'There is no copy of the audit log on this computer yet; it is made after sign-in.',
      };
    }
    return { copiedUpTo: status.lastSyncAt ?? status.newestTimestamp, note: null };
  }

  /** The newest events under `filter` whose resource id is `resourceId`, reading at most MAX_WINDOWS windows. */
  private scan(
    environmentId: string,
    filter: AuditFilter,
    resourceId: string,
    limit: number,
  ): { events: AuditEvent[]; cut: boolean } {
    const events: AuditEvent[] = [];
    let after: { timestamp: string; id: number } | null = null;
    for (let read = 0; read < MAX_WINDOWS; read += 1) {
      const window = this.audit.query(environmentId, filter, 'newest', after, WINDOW);
      for (const row of window.rows) {
        if (row.resource_id !== resourceId) continue;
        events.push(event(row));
        if (events.length >= limit) return { events, cut: false };
      }
      if (window.next === null) return { events, cut: false };
      after = window.next;
    }
    return { events, cut: true };
  }

  private cutNote(kind: 'user' | 'role'): string {
    return `Only the newest ${(MAX_WINDOWS * WINDOW).toLocaleString('en')} ${kind} events of the copy were searched; the audit screen searches them all.`;
  }
}
