import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { BUILT_IN_LIMITS, type Role } from '../../../../shared/domain/role';
import { OppError } from '../../../../shared/errors';
import { findRoleItem, permissionBox, renderRolesScreen, roleButton, storedRole } from './render-roles';

// Whole-app renders and many steps per test are slow under jsdom.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const SUPPORT = {
  name: 'support',
  description: 'Help desk',
  permissions: ['read', 'write', 'edit_profile'],
  user_count: 4,
};

/** A cell's words in the matrix (hidden from the accessibility tree while a dialog is open). */
function matrixCell(text: string): HTMLElement {
  return within(screen.getByRole('table', { name: 'Permissions by role', hidden: true })).getByText(text);
}

/** A call that answers only when the test says so. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('new role', () => {
  it('checks the name as typed, reviews every permission as added, and shows the role at once', async () => {
    const { user, api, queryClient } = renderRolesScreen();
    await findRoleItem('guest');
    await user.click(screen.getByRole('button', { name: 'New role' }));
    const dialog = screen.getByRole('dialog', { name: 'New role' });
    const review = (): HTMLElement => within(dialog).getByRole('button', { name: 'Review changes' });
    expect(review()).toHaveAccessibleDescription('Give the role a valid name first.');

    const name = within(dialog).getByLabelText('Name');
    await user.type(name, '1x');
    expect(name).toHaveAccessibleDescription(/^Start with a letter; use 2 to 50 lower-case letters/);
    await user.clear(name);
    await user.type(name, 'guest');
    expect(name).toHaveAccessibleDescription(/^A role named “guest” already exists\./);
    await user.clear(name);
    await user.type(name, 'contractor');
    expect(name).not.toHaveAttribute('aria-invalid', 'true');
    await user.type(within(dialog).getByLabelText('Description'), ' Temporary staff ');
    await user.click(permissionBox(dialog, 'edit_profile'));
    await user.click(permissionBox(dialog, 'read'));
    await user.click(review());

    expect(within(dialog).getByTestId('role-diff-added')).toHaveTextContent('+ read+ edit_profile');
    expect(within(dialog).getByTestId('role-diff-removed')).toHaveTextContent('None');
    expect(within(dialog).getByTestId('role-affected-users')).toHaveTextContent('Affects 0 users');

    const answer = deferred<Role>();
    api.roles.create.mockImplementationOnce((input) =>
      answer.promise.then(() => api.roles.store.create(input)),
    );
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    // Optimistic: in the list and the matrix before main answers.
    expect(await screen.findByRole('listitem', { name: 'contractor', hidden: true })).toBeInTheDocument();
    expect(matrixCell('contractor has edit_profile')).toBeInTheDocument();
    expect(within(dialog).getByRole('status')).toHaveTextContent('Saving…');

    act(() => answer.resolve({} as Role));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Role contractor created.')).toBeInTheDocument();
    expect(api.roles.create).toHaveBeenCalledWith({
      environmentId: 'staging',
      name: 'contractor',
      description: 'Temporary staff',
      permissions: ['edit_profile', 'read'],
    });
    expect(storedRole(api, 'contractor').permissions).toEqual(['read', 'edit_profile']);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['staging', 'roles'] });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['staging', 'users'] });
  });

  it('takes the name back to its field when the server says it is taken', async () => {
    const { user } = renderRolesScreen({
      arrange: (api) =>
        api.roles.create.mockRejectedValueOnce(
          new OppError('CONFLICT', 'A role named "ops" already exists.'),
        ),
    });
    await findRoleItem('guest');
    await user.click(screen.getByRole('button', { name: 'New role' }));
    const dialog = screen.getByRole('dialog', { name: 'New role' });
    await user.type(within(dialog).getByLabelText('Name'), 'ops');
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));

    const name = await within(dialog).findByLabelText('Name');
    expect(name).toHaveAccessibleDescription(/^A role named "ops" already exists\./);
    expect(screen.queryByRole('listitem', { name: 'ops' })).not.toBeInTheDocument();
    expect(await screen.findByText('Role ops was not created.')).toBeInTheDocument();
  });
});

describe('editing a role', () => {
  it('takes a description the server refuses back to its field, the rest kept', async () => {
    // A server may allow less than the contract (200): its refusal goes back to the field.
    const { user, api } = renderRolesScreen({
      custom: [SUPPORT],
      arrange: (fake) =>
        fake.roles.update.mockRejectedValueOnce(
          new OppError('VALIDATION', 'The role was not accepted.', {
            issues: [{ path: 'description', message: 'Use at most 100 characters.' }],
          }),
        ),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    const description = within(dialog).getByLabelText('Description');
    await user.clear(description);
    await user.click(description);
    await user.paste('x'.repeat(150));
    await user.click(permissionBox(dialog, 'delete'));
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));

    const field = await within(dialog).findByLabelText('Description');
    expect(field).toHaveAccessibleDescription('Use at most 100 characters.');
    expect(permissionBox(dialog, 'delete')).toBeChecked();
    await user.clear(field);
    await user.type(field, 'Help desk, first line');
    expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    // The earlier refusal is not shown again on the new review.
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(storedRole(api, 'support').description).toBe('Help desk, first line');
  });

  it('explains the built-in limits and keeps admin’s locked permissions checked', async () => {
    const { user } = renderRolesScreen();
    await user.click(await screen.findByRole('button', { name: 'Edit admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role admin' });
    const note = within(dialog).getByRole('note');
    expect(note).toHaveTextContent(BUILT_IN_LIMITS.deleteOrRename);
    expect(note).toHaveTextContent(BUILT_IN_LIMITS.adminKeepsWords);
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('readonly');

    for (const locked of ['manage_roles', 'manage_users']) {
      const box = permissionBox(dialog, locked);
      expect(box).toBeChecked();
      expect(box).toHaveAttribute('aria-disabled', 'true');
      expect(box).toHaveAccessibleDescription(expect.stringContaining(BUILT_IN_LIMITS.adminKeepsWords));
      await user.click(box);
      expect(box).toBeChecked();
    }
    expect(permissionBox(dialog, 'delete')).not.toHaveAttribute('aria-disabled');
    expect(within(dialog).getByRole('button', { name: 'Review changes' })).toHaveAccessibleDescription(
      'Change the description or a permission first.',
    );
  });

  it('reviews the diff and who it affects, then saves on the version it started from', async () => {
    const { user, api } = renderRolesScreen();
    await user.click(await screen.findByRole('button', { name: 'Edit admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role admin' });
    await user.click(permissionBox(dialog, 'delete'));
    await user.click(permissionBox(dialog, 'edit_profile'));
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));

    expect(within(dialog).getByTestId('role-diff-added')).toHaveTextContent('edit_profile');
    expect(within(dialog).getByTestId('role-diff-removed')).toHaveTextContent('delete');
    expect(within(dialog).getByTestId('role-affected-users')).toHaveTextContent('Affects 2 users');
    // The signed-in administrator holds admin: warned before cutting their own permissions.
    expect(within(dialog).getByRole('note')).toHaveTextContent('You hold admin yourself');

    // Back keeps what was chosen.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(permissionBox(dialog, 'edit_profile')).toBeChecked();
    expect(permissionBox(dialog, 'delete')).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.roles.update).toHaveBeenCalledWith({
      environmentId: 'staging',
      name: 'admin',
      baseVersion: 1,
      permissions: [
        'read',
        'write',
        'admin',
        'manage_users',
        'manage_roles',
        'view_audit_logs',
        'edit_profile',
      ],
    });
    expect(storedRole(api, 'admin').version).toBe(2);
    expect(matrixCell('admin has edit_profile')).toBeInTheDocument();
    expect(matrixCell('admin does not have delete')).toBeInTheDocument();
    expect(await screen.findByText('Role admin saved.')).toBeInTheDocument();
  });

  it('sends a description change alone, and shows it in the review', async () => {
    const { user, api } = renderRolesScreen({ custom: [SUPPORT] });
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    const description = within(dialog).getByLabelText('Description');
    await user.clear(description);
    await user.type(description, 'Help desk, first line');
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    expect(within(dialog).getByText('Help desk, first line')).toBeInTheDocument();
    expect(within(dialog).getByTestId('role-diff-added')).toHaveTextContent('None');
    expect(within(dialog).getByTestId('role-affected-users')).toHaveTextContent('Affects 4 users');
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(api.roles.update).toHaveBeenCalled());
    expect(api.roles.update.mock.calls[0]?.[0]).toEqual({
      environmentId: 'staging',
      name: 'support',
      baseVersion: 1,
      description: 'Help desk, first line',
    });
  });

  it('shows the change at once, and puts the role back with a notification when refused', async () => {
    const refusal = deferred<Role>();
    const { user, api } = renderRolesScreen({
      custom: [SUPPORT],
      arrange: (api) => api.roles.update.mockImplementationOnce(() => refusal.promise),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    await user.click(permissionBox(dialog, 'delete'));
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(matrixCell('support has delete')).toBeInTheDocument());

    // Nothing read afterwards lands: the role comes back by the rollback alone.
    api.roles.list.mockImplementation(() => new Promise(() => {}));
    act(() => refusal.reject(new OppError('FORBIDDEN', 'manage_roles is required.')));
    await waitFor(() => expect(matrixCell('support does not have delete')).toBeInTheDocument());
    const toast = await screen.findByText('Role support was not saved.', { selector: '.toast__title' });
    expect(toast.closest('.toast')).toHaveTextContent(
      'manage_roles is required. Your role does not allow this.',
    );
    // The dialog stays on the review, with the refusal, so nothing typed is lost.
    expect(within(dialog).getByRole('alert')).toHaveTextContent('manage_roles is required.');
    expect(within(dialog).getByRole('button', { name: 'Save role' })).toBeInTheDocument();
  });
});

describe('someone else saved first', () => {
  async function editSupportWhileBobChangesIt() {
    const rendered = renderRolesScreen({ custom: [SUPPORT] });
    const { user, api } = rendered;
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    await user.click(permissionBox(dialog, 'delete'));
    await user.click(permissionBox(dialog, 'write'));
    api.roles.store.changeElsewhere('support', {
      permissions: ['read', 'write', 'edit_profile', 'view_audit_logs'],
      description: 'Help desk (audited)',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    await within(dialog).findByRole('heading', { name: 'Changed by someone else' });
    return { ...rendered, dialog };
  }

  it('shows theirs beside mine, and reapplies my changes on their version', async () => {
    const { user, api, dialog } = await editSupportWhileBobChangesIt();
    expect(
      await screen.findByText('Role support was not saved: someone else changed it first.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'based on version 1; the server now has version 2',
    );
    const compare = within(dialog).getByRole('table', { name: 'Their version and yours' });
    // Rows are the fields; the columns theirs, then mine.
    const [description, permissions] = within(compare)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell'));
    expect(description?.[0]).toHaveTextContent('Help desk (audited)');
    expect(description?.[1]).toHaveTextContent(/^Help desk$/);
    expect(permissions?.[0]).toHaveTextContent('view_audit_logs');
    expect(permissions?.[0]).not.toHaveTextContent('delete');
    expect(permissions?.[1]).toHaveTextContent('delete');
    expect(permissions?.[1]).not.toHaveTextContent('write');
    expect(within(dialog).getByText(/Reapply keeps their version/)).toHaveTextContent('+ delete, − write');

    await user.click(within(dialog).getByRole('button', { name: 'Reapply my changes' }));
    expect(within(dialog).getByTestId('role-diff-added')).toHaveTextContent('delete');
    expect(within(dialog).getByTestId('role-diff-removed')).toHaveTextContent('write');
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.roles.update).toHaveBeenLastCalledWith({
      environmentId: 'staging',
      name: 'support',
      baseVersion: 2,
      permissions: ['read', 'view_audit_logs', 'edit_profile', 'delete'],
    });
    const saved = storedRole(api, 'support');
    expect(saved.permissions).toEqual(['read', 'delete', 'view_audit_logs', 'edit_profile']);
    // Their description stays: mine was not changed.
    expect(saved.description).toBe('Help desk (audited)');
  });

  it('discards mine: the dialog closes and the list shows theirs', async () => {
    const { user, dialog } = await editSupportWhileBobChangesIt();
    await user.click(within(dialog).getByRole('button', { name: 'Discard mine' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(matrixCell('support has view_audit_logs')).toBeInTheDocument());
    expect(matrixCell('support does not have delete')).toBeInTheDocument();
  });

  it('reads their version from the list when main sends none', async () => {
    const { user, api } = renderRolesScreen({
      custom: [SUPPORT],
      arrange: (fake) =>
        fake.roles.update.mockRejectedValueOnce(new OppError('VERSION_MISMATCH', 'Changed meanwhile.')),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    await user.click(permissionBox(dialog, 'delete'));
    api.roles.store.changeElsewhere('support', { description: 'Renamed desk' });
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    const compare = await within(dialog).findByRole('table', { name: 'Their version and yours' });
    expect(compare).toHaveTextContent('Renamed desk');
  });

  it('says so when the role was deleted meanwhile', async () => {
    const { user } = renderRolesScreen({
      custom: [SUPPORT],
      arrange: (fake) =>
        fake.roles.update.mockRejectedValueOnce(
          new OppError('NOT_FOUND', 'There is no role named "support".'),
        ),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit support' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit role support' });
    await user.click(permissionBox(dialog, 'delete'));
    await user.click(within(dialog).getByRole('button', { name: 'Review changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'support no longer exists on the server',
    );
    expect(within(dialog).queryByRole('button', { name: 'Reapply my changes' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Discard mine' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('keyboard', () => {
  it('creates a role without a mouse, the focus moving with each step', async () => {
    const { user, api } = renderRolesScreen();
    await findRoleItem('guest');
    screen.getByRole('button', { name: 'New role' }).focus();
    await user.keyboard('{Enter}');
    const dialog = screen.getByRole('dialog', { name: 'New role' });
    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
    await user.keyboard('viewer');
    await user.tab(); // Description
    await user.tab(); // the first permission
    expect(permissionBox(dialog, 'read')).toHaveFocus();
    await user.keyboard(' ');
    await user.keyboard('{Enter}');
    expect(within(dialog).getByRole('heading', { name: 'Review changes' })).toHaveFocus();
    within(dialog).getByRole('button', { name: 'Save role' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.roles.create).toHaveBeenCalled());
    expect(storedRole(api, 'viewer').permissions).toEqual(['read']);
    expect(roleButton('viewer', 'Edit')).toBeInTheDocument();
    // Back where it started once the dialog closes.
    await waitFor(() => expect(screen.getByRole('button', { name: 'New role' })).toHaveFocus());
  });
});
