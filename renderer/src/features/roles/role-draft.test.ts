import { describe, expect, it } from 'vitest';
import type { Role } from '../../../../shared/domain/role';
import {
  changesOf,
  descriptionProblem,
  draftFromRole,
  hasChanges,
  inCatalogueOrder,
  lockedPermissions,
  nameProblem,
  permissionCatalogue,
  rebase,
} from './role-draft';

function role(overrides: Partial<Role> & Pick<Role, 'name'>): Role {
  return {
    description: '',
    permissions: ['read'],
    built_in: false,
    user_count: 0,
    updated_at: null,
    version: 1,
    ...overrides,
  };
}

describe('role names', () => {
  it('follows the platform’s pattern and refuses a taken name', () => {
    expect(nameProblem('ops-team_2', ['admin'])).toBeNull();
    expect(nameProblem('Ops', [])).toMatch(/^Start with a letter/);
    expect(nameProblem('a', [])).toMatch(/^Start with a letter/);
    expect(nameProblem('2fa', [])).toMatch(/^Start with a letter/);
    expect(nameProblem(`a${'b'.repeat(50)}`, [])).toMatch(/^Start with a letter/);
    expect(nameProblem('admin', ['admin', 'user'])).toBe('A role named “admin” already exists.');
  });

  it('limits descriptions as the contract does', () => {
    expect(descriptionProblem('x'.repeat(200))).toBeNull();
    expect(descriptionProblem('x'.repeat(201))).toBe('Use at most 200 characters.');
  });
});

describe('what an edit sends', () => {
  const support = role({ name: 'support', description: 'Help desk', permissions: ['read', 'write'] });

  it('only the fields that changed, ignoring order and surrounding spaces', () => {
    const same = { ...draftFromRole(support), description: ' Help desk ', permissions: ['write', 'read'] };
    expect(hasChanges(changesOf(support, same))).toBe(false);
    expect(changesOf(support, { ...same, permissions: ['read'] })).toEqual({ permissions: ['read'] });
    expect(changesOf(support, { ...same, description: 'Desk ' })).toEqual({ description: 'Desk' });
  });

  it('locks manage_roles and manage_users on the built-in admin only', () => {
    expect(lockedPermissions(role({ name: 'admin', built_in: true }))).toEqual([
      'manage_roles',
      'manage_users',
    ]);
    expect(lockedPermissions(role({ name: 'admin', built_in: false }))).toEqual([]);
    expect(lockedPermissions(role({ name: 'user', built_in: true }))).toEqual([]);
    expect(lockedPermissions(null)).toEqual([]);
  });
});

describe('reapplying my changes on their version', () => {
  const base = role({
    name: 'support',
    description: 'Help desk',
    permissions: ['read', 'write', 'edit_profile'],
  });

  it('keeps their changes and applies what I added and removed', () => {
    const mine = {
      name: 'support',
      description: 'Help desk',
      permissions: ['read', 'edit_profile', 'delete'],
    };
    const theirs = {
      ...base,
      description: 'Audited desk',
      permissions: ['read', 'write', 'view_audit_logs'],
      version: 2,
    };
    const result = rebase(base, mine, theirs);
    expect([...result.permissions].sort()).toEqual(['delete', 'read', 'view_audit_logs']);
    expect(result.description).toBe('Audited desk');
  });

  it('takes my description when I changed it', () => {
    const mine = { name: 'support', description: 'First line ', permissions: base.permissions };
    const theirs = { ...base, description: 'Audited desk', version: 2 };
    expect(rebase(base, mine, theirs).description).toBe('First line');
  });
});

describe('the permission rows', () => {
  it('lists the server’s permissions in its order, then any a role holds that it does not list', () => {
    const known = [
      { name: 'read', description: 'Read' },
      { name: 'write', description: 'Write' },
    ];
    const catalogue = permissionCatalogue(known, [
      role({ name: 'a', permissions: ['zeta', 'read'] }),
      role({ name: 'b', permissions: ['alpha', 'zeta'] }),
    ]);
    expect(catalogue.map((p) => p.name)).toEqual(['read', 'write', 'alpha', 'zeta']);
    expect(inCatalogueOrder(['zeta', 'write', 'unknown', 'read'], catalogue)).toEqual([
      'read',
      'write',
      'zeta',
      'unknown',
    ]);
  });
});
