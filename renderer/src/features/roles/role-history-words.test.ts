import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../shared/domain/audit';
import { historyLines, newestFirst } from './role-history-words';

function event(overrides: Partial<AuditEvent> & Pick<AuditEvent, 'id' | 'action'>): AuditEvent {
  return {
    timestamp: '2026-10-01T10:00:00.000Z',
    user_id: 1,
    username: 'admin',
    resource: 'role',
    resource_id: 'auditor',
    outcome: 'success',
    ip_address: null,
    user_agent: null,
    details: null,
    session_id: null,
    prev_hash: null,
    hash: null,
    ...overrides,
  };
}

describe('what a role event changed, from the details the platform writes', () => {
  it('reads role_updated changes: added, removed and the description', () => {
    const lines = historyLines(
      event({
        id: 2,
        action: 'role_updated',
        details: {
          name: 'auditor',
          changes: {
            permissions: { added: ['view_audit_logs'], removed: [] },
            description: { from: '', to: 'Reads the log' },
          },
        },
      }),
    );
    expect(lines).toEqual([
      { label: 'Added', names: ['view_audit_logs'] },
      { label: 'Description', text: '(empty) → “Reads the log”' },
    ]);
  });

  it('reads what a created role granted and what a deleted one had', () => {
    expect(
      historyLines(
        event({
          id: 1,
          action: 'role_created',
          details: { name: 'a', description: '', permissions: ['read'] },
        }),
      ),
    ).toEqual([{ label: 'Granted', names: ['read'] }]);
    expect(
      historyLines(
        event({ id: 3, action: 'role_deleted', details: { name: 'a', permissions: ['read', 'write'] } }),
      ),
    ).toEqual([{ label: 'It granted', names: ['read', 'write'] }]);
  });

  it('gives nothing for details it cannot read, rather than guessing', () => {
    expect(historyLines(event({ id: 1, action: 'role_updated', details: null }))).toEqual([]);
    expect(historyLines(event({ id: 1, action: 'role_updated', details: { changes: 'all' } }))).toEqual([]);
    expect(historyLines(event({ id: 1, action: 'role_created', details: { permissions: 'read' } }))).toEqual(
      [],
    );
  });

  it('orders newest first, by id within the same second', () => {
    const ordered = newestFirst([
      event({ id: 1, action: 'role_created', timestamp: '2026-10-01T10:00:00Z' }),
      event({ id: 3, action: 'role_updated', timestamp: '2026-10-02T10:00:00Z' }),
      event({ id: 2, action: 'role_updated', timestamp: '2026-10-02T10:00:00Z' }),
    ]);
    expect(ordered.map((e) => e.id)).toEqual([3, 2, 1]);
  });
});
