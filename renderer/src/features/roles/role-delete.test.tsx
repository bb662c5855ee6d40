import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { findRoleItem, renderRolesScreen, roleButton } from './render-roles';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const CONTRACTOR = {
  name: 'contractor',
  description: 'Temporary staff',
  permissions: ['read', 'edit_profile'],
};

describe('deleting a role', () => {
  it('confirms, says what the role granted, and removes it', async () => {
    const { user, api, queryClient } = renderRolesScreen({ custom: [CONTRACTOR] });
    await findRoleItem('contractor');
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await user.click(roleButton('contractor', 'Delete'));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete role contractor?' });
    expect(dialog).toHaveTextContent('No user holds contractor now. It grants read, edit_profile.');
    await user.click(within(dialog).getByRole('button', { name: 'Delete role' }));

    await waitFor(() =>
      expect(screen.queryByRole('listitem', { name: 'contractor' })).not.toBeInTheDocument(),
    );
    expect(api.roles.delete).toHaveBeenCalledWith({ environmentId: 'staging', name: 'contractor' });
    expect(api.roles.store.role('contractor')).toBeUndefined();
    expect(await screen.findByText('Role contractor deleted.')).toBeInTheDocument();
    // Its buttons are gone: the focus is on the area's heading, not lost.
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Roles' })).toHaveFocus());
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['staging', 'users'] });
  });

  it('does nothing when cancelled', async () => {
    const { user, api } = renderRolesScreen({ custom: [CONTRACTOR] });
    await findRoleItem('contractor');
    await user.click(roleButton('contractor', 'Delete'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.roles.delete).not.toHaveBeenCalled();
    await waitFor(() => expect(roleButton('contractor', 'Delete')).toHaveFocus());
  });

  it('puts the role back, with the server’s reason, when someone assigned it meanwhile', async () => {
    const { user, api } = renderRolesScreen({ custom: [CONTRACTOR] });
    await findRoleItem('contractor');
    api.roles.store.setUserCount('contractor', 2);
    // The first read afterwards waits: the role must come back by the rollback, not by a fetch.
    let readAgain = (): void => {};
    api.roles.list.mockImplementationOnce(
      () => new Promise((resolve) => (readAgain = () => resolve(api.roles.store.view()))),
    );
    await user.click(roleButton('contractor', 'Delete'));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete role' }));

    const toast = await screen.findByText('Role contractor was not deleted.');
    expect(toast.closest('.toast')).toHaveTextContent(
      '"contractor" is still assigned to 2 user(s); reassign them first.',
    );
    const item = await findRoleItem('contractor');
    expect(within(item).getByTestId('role-user-count')).toHaveTextContent('0 users');
    act(() => readAgain());
    // Read again afterwards: the count now says why, and Delete is off.
    await waitFor(() => expect(within(item).getByTestId('role-user-count')).toHaveTextContent('2 users'));
    expect(roleButton('contractor', 'Delete')).toHaveAccessibleDescription(
      'contractor is assigned to 2 users: give them another role first.',
    );
  });
});
