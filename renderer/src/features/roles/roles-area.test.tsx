import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { BUILT_IN_LIMITS, type RolesView } from '../../../../shared/domain/role';
import { OppError } from '../../../../shared/errors';
import { createFakeOppApi, sampleSession } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';
import { findRoleItem, renderRolesScreen, roleButton } from './render-roles';

// The first render of the whole app is slow under jsdom.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const AUDITOR = {
  name: 'auditor',
  description: 'Reads the audit log',
  permissions: ['read', 'view_audit_logs'],
};

function matrix(): HTMLElement {
  return screen.getByRole('table', { name: 'Permissions by role' });
}

describe('roles and the matrix', () => {
  it('shows loading, then each role with its description, user count and built-in mark', async () => {
    let release = (): void => {};
    const { api } = renderRolesScreen({
      custom: [AUDITOR],
      userCounts: { auditor: 1, user: 41 },
      arrange: (api) =>
        api.roles.list.mockImplementationOnce(
          () => new Promise<RolesView>((resolve) => (release = () => resolve(api.roles.store.view()))),
        ),
    });
    await waitFor(() => expect(api.roles.list).toHaveBeenCalled());
    expect(screen.getByText('Loading roles…')).toBeInTheDocument();
    act(() => release());

    const admin = await findRoleItem('admin');
    expect(within(admin).getByText('Full administrative access')).toBeInTheDocument();
    expect(within(admin).getByText('Built-in')).toBeInTheDocument();
    expect(within(admin).getByTestId('role-user-count')).toHaveTextContent('2 users');
    const auditor = await findRoleItem('auditor');
    expect(within(auditor).getByTestId('role-user-count')).toHaveTextContent('1 user');
    expect(within(auditor).queryByText('Built-in')).not.toBeInTheDocument();
    expect(within(await findRoleItem('user')).getByTestId('role-user-count')).toHaveTextContent('41 users');
  });

  it('draws roles by permissions with "has" / "does not have" in words, descriptions on the rows', async () => {
    renderRolesScreen({ custom: [AUDITOR] });
    await findRoleItem('auditor');
    const table = matrix();
    const columns = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(columns).toEqual([
      'Permission',
      'adminBuilt-in2 users',
      'userBuilt-in41 users',
      'guestBuilt-in6 users',
      'auditor0 users',
    ]);

    const manageUsers = within(table).getByRole('rowheader', { name: 'manage_users' });
    expect(manageUsers).toHaveAccessibleDescription('List, create, change, unlock and reset users');
    const row = manageUsers.closest('tr') as HTMLElement;
    expect(within(row).getByText('admin has manage_users')).toBeInTheDocument();
    expect(within(row).getByText('guest does not have manage_users')).toBeInTheDocument();
    const audit = within(table)
      .getByRole('rowheader', { name: 'view_audit_logs' })
      .closest('tr') as HTMLElement;
    expect(within(audit).getByText('auditor has view_audit_logs')).toBeInTheDocument();
    expect(within(audit).getByText('user does not have view_audit_logs')).toBeInTheDocument();
    // Nine permissions from the server, one row each.
    expect(within(table).getAllByRole('rowheader')).toHaveLength(9);
  });

  it('adds a row for a permission a role holds that the server does not list', async () => {
    renderRolesScreen({
      arrange: (api) => {
        const view = api.roles.store.view();
        api.roles.list.mockResolvedValueOnce({
          ...view,
          roles: view.roles.map((r) => (r.name === 'guest' ? { ...r, permissions: ['read', 'export'] } : r)),
        });
      },
    });
    const header = await screen.findByRole('rowheader', { name: 'export' });
    expect(header).toHaveAccessibleDescription('Not in the server’s list of permissions.');
    expect(within(header.closest('tr') as HTMLElement).getByText('guest has export')).toBeInTheDocument();
  });

  it('says when the roles cannot be loaded, and Try again recovers', async () => {
    const { user } = renderRolesScreen({
      arrange: (api) =>
        api.roles.list.mockRejectedValueOnce(new OppError('UPSTREAM', 'The API answered 502.')),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The roles could not be loaded.');
    expect(alert).toHaveTextContent('The API answered 502.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await findRoleItem('admin')).toBeInTheDocument();
  });

  it('offers to sign in when main has no session for the environment', async () => {
    const { user, api } = renderRolesScreen({
      sessions: [],
      arrange: (fake) =>
        fake.roles.list.mockRejectedValueOnce(new OppError('AUTH_REQUIRED', 'Sign in first.')),
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in to Staging' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign in to Staging' });
    await user.type(within(dialog).getByLabelText('Username'), 'alice');
    await user.type(within(dialog).getByLabelText('Password'), 'correct horse');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await findRoleItem('admin')).toBeInTheDocument();
    expect(api.roles.list).toHaveBeenCalledTimes(2);
  });

  it('says so when no environment is chosen', async () => {
    renderWithProviders(undefined, { api: createFakeOppApi(), uiState: { area: 'roles' } });
    expect(await screen.findByText('No environment chosen')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open Environments' })).toBeInTheDocument();
  });

  it('says when the server reports no roles at all', async () => {
    renderRolesScreen({
      arrange: (api) => api.roles.list.mockResolvedValueOnce({ ...api.roles.store.view(), roles: [] }),
    });
    expect(await screen.findByText('No roles')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Permissions by role' })).not.toBeInTheDocument();
  });
});

describe('where writes are off, each control says why', () => {
  it('legacy: the built-in roles read-only, the note in a banner, every write control off', async () => {
    renderRolesScreen({
      source: 'derived',
      custom: [AUDITOR],
      sessions: [sampleSession('staging', { capabilities: ['audit_legacy'] })],
    });
    await findRoleItem('admin');
    expect(screen.queryByRole('listitem', { name: 'auditor' })).not.toBeInTheDocument();
    expect(screen.getByTestId('roles-read-only')).toHaveTextContent(
      'This server has no roles API: the three built-in roles are read from the users’ role fields',
    );
    const reason = 'This server does not offer role management.';
    for (const button of [
      screen.getByRole('button', { name: 'New role' }),
      roleButton('admin', 'Edit'),
      roleButton('guest', 'Delete'),
    ]) {
      expect(button).toHaveAttribute('aria-disabled', 'true');
      expect(button).toHaveAccessibleDescription(reason);
    }
    expect(roleButton('admin', 'History of')).not.toHaveAttribute('aria-disabled');
  });

  it('offline: main’s copy, "as of" its time, read-only', async () => {
    renderRolesScreen({
      source: 'cache',
      arrange: (api) => {
        api.roles.store.cachedAt = '2026-11-20T08:15:00.000Z';
      },
    });
    const banner = await screen.findByTestId('roles-as-of');
    expect(banner).toHaveTextContent(/^Offline: showing roles as of .*20.*2026/);
    expect(screen.getByRole('button', { name: 'New role' })).toHaveAccessibleDescription(
      'Offline: roles cannot be changed until the server can be reached again.',
    );
    expect(roleButton('user', 'Edit')).toHaveAttribute('aria-disabled', 'true');
  });

  it('turns writes off as soon as main says the server cannot be reached', async () => {
    const { api } = renderRolesScreen();
    await findRoleItem('admin');
    expect(screen.getByRole('button', { name: 'New role' })).not.toHaveAttribute('aria-disabled');
    act(() => api.emit('connectivity.changed', { environmentId: 'staging', online: false }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'New role' })).toHaveAttribute('aria-disabled', 'true'),
    );
  });

  it('a role without manage_roles sees the roles, and why it cannot change them', async () => {
    const { user } = renderRolesScreen({
      sessions: [sampleSession('staging', { username: 'guest', role: 'guest', permissions: ['read'] })],
    });
    await findRoleItem('user');
    const reason = 'Your role (guest) lacks the manage_roles permission.';
    expect(screen.getByRole('button', { name: 'New role' })).toHaveAccessibleDescription(reason);
    expect(roleButton('user', 'Edit')).toHaveAccessibleDescription(reason);
    await user.click(roleButton('user', 'Edit'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('delete: a built-in role says it cannot be, an assigned one how many hold it', async () => {
    renderRolesScreen({ custom: [AUDITOR, { name: 'contractor' }], userCounts: { auditor: 3 } });
    await findRoleItem('contractor');
    expect(roleButton('user', 'Delete')).toHaveAccessibleDescription(BUILT_IN_LIMITS.deleteOrRename);
    expect(roleButton('auditor', 'Delete')).toHaveAccessibleDescription(
      'auditor is assigned to 3 users: give them another role first.',
    );
    expect(roleButton('contractor', 'Delete')).not.toHaveAttribute('aria-disabled');
  });
});
