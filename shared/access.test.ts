import { describe, expect, it } from 'vitest';
import { access } from './access';
import type { Session } from './domain/session';

const base: Session = {
  environmentId: 'prod',
  username: 'ann',
  userId: 1,
  role: 'admin',
  permissions: ['read', 'write', 'admin', 'delete', 'manage_users', 'manage_roles', 'view_audit_logs'],
  capabilities: ['refresh', 'user_admin', 'roles_api', 'audit_cursor'],
  expiresAt: '2026-11-27T13:00:00Z',
  memoryOnly: false,
};

describe('access', () => {
  it('allows what the role and the server both offer', () => {
    expect(access(base, 'users.delete')).toEqual({ allowed: true });
  });

  it('names the missing permission with the role', () => {
    const guest = { ...base, role: 'guest', permissions: ['read'] };
    expect(access(guest, 'users.write')).toEqual({
      allowed: false,
      reason: 'Your role (guest) lacks the manage_users permission.',
    });
    expect(access(guest, 'users.delete')).toEqual({
      allowed: false,
      reason: 'Your role (guest) lacks the manage_users and delete permissions.',
    });
  });

  it('names what a legacy server does not offer', () => {
    const legacy = { ...base, capabilities: ['audit_legacy' as const] };
    expect(access(legacy, 'roles.write')).toEqual({
      allowed: false,
      reason: 'This server does not offer role management.',
    });
    expect(access(legacy, 'users.read')).toEqual({ allowed: true });
  });

  it('asks to sign in first without a session', () => {
    expect(access(null, 'audit.read')).toEqual({
      allowed: false,
      reason: 'Sign in to this environment first.',
    });
  });
});
