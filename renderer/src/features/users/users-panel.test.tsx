import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../../shared/domain/password-policy';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { cellOf, findGrid, findPanel, renderUsersScreen, rowOf, shownIds } from './users-test-kit';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

/** The value next to a term of the panel's facts. */
function fact(panel: HTMLElement, term: string): string {
  const dt = within(panel).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? '';
}

async function openUser(screenRendered: ReturnType<typeof renderUsersScreen>, id: number, username: string) {
  const grid = await findGrid();
  await waitFor(() => expect(shownIds(grid)).toContain(id));
  await screenRendered.user.click(rowOf(grid, id));
  return { grid, panel: await findPanel(username) };
}

describe('user panel', { timeout: 20_000 }, () => {
  it('shows every field, the role with its permissions, and the activity with links into Audit', async () => {
    const rendered = renderUsersScreen({ count: 10, audit: { count: 100 } });
    const { panel } = await openUser(rendered, 2, 'bob');
    await waitFor(() =>
      expect(rendered.api.users.get).toHaveBeenCalledWith({ environmentId: 'staging', id: 2 }),
    );
    expect(fact(panel, 'Username')).toBe('bob');
    expect(fact(panel, 'Full name')).toBe('Bob Builder');
    expect(fact(panel, 'Email')).toBe('bob@opp.example');
    expect(fact(panel, 'Role')).toBe('user');
    expect(fact(panel, 'Status')).toBe('Active');
    expect(fact(panel, 'Failed sign-ins')).toBe('0');
    expect(fact(panel, 'Version')).toBe('1');
    expect(fact(panel, 'Id')).toBe('2');

    expect(within(panel).getByRole('heading', { name: 'Permissions of the user role' })).toBeInTheDocument();
    expect(await within(panel).findByText('Works with policies and their own profile.')).toBeInTheDocument();
    const permissions = within(panel).getByRole('list', { name: 'Permissions of bob' });
    expect(
      within(permissions)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('code')?.textContent),
    ).toEqual(['read', 'write', 'edit_profile', 'change_password']);
    expect(within(permissions).getByText('Read policies and settings')).toBeInTheDocument();

    const activity = await within(panel).findByTestId('user-activity');
    expect(activity).toHaveTextContent('login_success');
    const actionsOn = within(panel).getByTestId('user-actions-on');
    expect(actionsOn).toHaveTextContent('user_created by alice');
    expect(rendered.api.users.activity).toHaveBeenCalledWith({
      environmentId: 'staging',
      id: 2,
      username: 'bob',
      limit: 20,
    });

    await rendered.user.click(within(activity).getByRole('button', { name: 'Open event 21 in Audit' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit' })).toBeInTheDocument();
    expect(
      await screen.findByRole('complementary', { name: 'Event 21' }, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it("shows the activity's note when the copy has nothing to show", async () => {
    const note = 'Your role cannot read the audit log, so no activity is shown.';
    const rendered = renderUsersScreen({ count: 5, activityNote: note });
    const { panel } = await openUser(rendered, 2, 'bob');
    expect(await within(panel).findByTestId('user-activity')).toHaveTextContent(note);
    expect(within(panel).getByTestId('user-actions-on')).toHaveTextContent(note);
  });

  it('deletes a user only once the username is typed, and shows the reason when the server refuses', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const { panel } = await openUser(rendered, 1, 'alice');
    await user.click(within(panel).getByRole('button', { name: 'Delete user' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Delete alice?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete user' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Type alice to confirm'), 'alic');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Type alice to confirm'), 'e');
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    // Yourself: main's reason is in the message, and nothing went.
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You cannot delete your own account.');
    expect(api.users.directory.users.has(1)).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    const grid = await findGrid();
    await user.click(rowOf(grid, 2));
    const bob = await findPanel('bob');
    await user.click(within(bob).getByRole('button', { name: 'Delete user' }));
    dialog = await screen.findByRole('alertdialog', { name: 'Delete bob?' });
    await user.type(within(dialog).getByLabelText('Type bob to confirm'), 'bob');
    await user.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    expect(await screen.findByText('bob deleted.')).toBeInTheDocument();
    expect(api.users.delete).toHaveBeenLastCalledWith({ environmentId: 'staging', id: 2 });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'User bob' })).not.toBeInTheDocument();
    await waitFor(() => expect(shownIds(screen.getByRole('grid', { name: 'Users' }))).toEqual([1, 3, 4, 5]));
  });

  it('unlocks a locked user at once, and says why Unlock is off for others', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const { grid, panel } = await openUser(rendered, 3, 'carol');
    expect(cellOf(grid, 3, 4)).toMatch(/^Locked until/);
    await user.click(within(panel).getByRole('button', { name: 'Unlock' }));
    expect(cellOf(grid, 3, 4)).toBe('Active');
    expect(await screen.findByText('carol unlocked.')).toBeInTheDocument();
    expect(api.users.unlock).toHaveBeenCalledWith({ environmentId: 'staging', id: 3 });

    await user.click(rowOf(grid, 2));
    const unlock = within(await findPanel('bob')).getByRole('button', { name: 'Unlock' });
    expect(unlock).toHaveAttribute('aria-disabled', 'true');
    expect(unlock).toHaveAccessibleDescription('bob is not locked out.');
  });

  it('resets a password to a generated one that meets the policy, copied, and forgets it once sent', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    await user.click(within(panel).getByRole('button', { name: 'Reset password' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset password for bob' });
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    const field = within(dialog).getByLabelText('New password');
    const generated = (field as HTMLInputElement).value;
    expect(generated).toHaveLength(20);
    expect(passwordProblem(generated)).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(await within(dialog).findByText('Copied')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(generated);

    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(await screen.findByText("bob's password was reset.")).toBeInTheDocument();
    expect(api.users.resetPassword).toHaveBeenCalledWith({
      environmentId: 'staging',
      id: 2,
      newPassword: generated,
    });
    expect(screen.queryByRole('dialog', { name: 'Reset password for bob' })).not.toBeInTheDocument();
  });
});
