import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { deferred, findGrid, findPanel, renderUsersScreen, rowOf, shownIds } from './users-test-kit';

// Radix returns the focus only to a Dialog.Trigger; these dialogs open from plain buttons, and
// must give the focus back to the one used (or to the list when it is gone), never to <body>.

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

type Rendered = ReturnType<typeof renderUsersScreen>;

async function openUser({ user }: Rendered, id: number, username: string) {
  const grid = await findGrid();
  await waitFor(() => expect(shownIds(grid)).toContain(id));
  await user.click(rowOf(grid, id));
  return { grid, panel: await findPanel(username) };
}

describe('focus after the users dialogs', { timeout: 20_000 }, () => {
  it('goes back to the panel button that opened Edit by keyboard, on Escape', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    const edit = within(panel).getByRole('button', { name: 'Edit' });
    edit.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Edit bob' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(edit).toHaveFocus());
  });

  it('goes back to Edit after saving', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    const edit = within(panel).getByRole('button', { name: 'Edit' });
    await user.click(edit);
    const dialog = await screen.findByRole('dialog', { name: 'Edit bob' });
    await user.type(within(dialog).getByLabelText('Full name'), ' Jr');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('bob saved.')).toBeInTheDocument();
    await waitFor(() => expect(edit).toHaveFocus());
  });

  it('goes back to Reset password on Cancel', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    const reset = within(panel).getByRole('button', { name: 'Reset password' });
    await user.click(reset);
    const dialog = await screen.findByRole('dialog', { name: 'Reset password for bob' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(reset).toHaveFocus());
  });

  it('goes back to Delete user when cancelled with Escape', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    const remove = within(panel).getByRole('button', { name: 'Delete user' });
    await user.click(remove);
    await screen.findByRole('alertdialog', { name: 'Delete bob?' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await waitFor(() => expect(remove).toHaveFocus());
  });

  it('goes to the list once the user is deleted, not to <body>', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { user } = rendered;
    const { grid, panel } = await openUser(rendered, 2, 'bob');
    const remove = within(panel).getByRole('button', { name: 'Delete user' });
    await user.click(remove);
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete bob?' });
    await user.type(within(dialog).getByLabelText('Type bob to confirm'), 'bob');
    await user.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    expect(await screen.findByText('bob deleted.')).toBeInTheDocument();
    expect(remove).not.toBeInTheDocument();
    // The panel and its buttons are gone: the list takes the focus.
    await waitFor(() => expect(grid).toHaveFocus());
  });

  it('goes back to New user on Escape', async () => {
    const { user } = renderUsersScreen({ count: 5 });
    await findGrid();
    const create = screen.getByRole('button', { name: 'New user' });
    await user.click(create);
    await screen.findByRole('dialog', { name: 'New user' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(create).toHaveFocus());
  });

  it('goes back to New user after creating', async () => {
    const { user } = renderUsersScreen({ count: 5 });
    await findGrid();
    const create = screen.getByRole('button', { name: 'New user' });
    await user.click(create);
    const dialog = await screen.findByRole('dialog', { name: 'New user' });
    await user.type(within(dialog).getByLabelText('Username'), 'zoe');
    await user.type(within(dialog).getByLabelText('Email'), 'zoe@opp.example');
    await user.type(within(dialog).getByLabelText('Password'), 'Correct-Horse-9-Battery');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('zoe created.')).toBeInTheDocument();
    await waitFor(() => expect(create).toHaveFocus());
  });

  async function selectBob(user: Rendered['user']): Promise<HTMLElement> {
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1));
    await user.click(within(grid).getByRole('checkbox', { name: 'Select bob' }));
    return grid;
  }

  it('goes back to the bulk action used on Escape', async () => {
    const { user } = renderUsersScreen({ count: 8 });
    await selectBob(user);
    const deactivate = screen.getByRole('button', { name: 'Deactivate selected' });
    await user.click(deactivate);
    await screen.findByRole('dialog', { name: 'Review changes' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(deactivate).toHaveFocus());
  });

  it('goes to the list once the bulk action emptied the selection (and its bar)', async () => {
    const { user } = renderUsersScreen({ count: 8 });
    const grid = await selectBob(user);
    await user.click(screen.getByRole('button', { name: 'Deactivate selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    await user.click(await within(dialog).findByRole('button', { name: 'Apply to 1 user' }));
    expect(await within(dialog).findByText('1 changed, 0 failed.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('users-selected')).not.toBeInTheDocument();
    await waitFor(() => expect(grid).toHaveFocus());
  });

  it('goes back from the version conflict to where the focus was when it opened', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const { panel } = await openUser(rendered, 2, 'bob');
    api.users.directory.changeElsewhere(2, { full_name: 'Robert Builder' });
    // The server answers after the edit dialog has closed, as over IPC, not within the same tick.
    const answer = deferred<void>();
    const update = api.users.update.getMockImplementation();
    api.users.update.mockImplementationOnce(async (input) => {
      await answer.promise;
      if (update === undefined) throw new Error('users.update has no fake');
      return update(input);
    });
    const edit = within(panel).getByRole('button', { name: 'Edit' });
    await user.click(edit);
    const dialog = await screen.findByRole('dialog', { name: 'Edit bob' });
    await user.type(within(dialog).getByLabelText('Full name'), ' Jr');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(edit).toHaveFocus());
    answer.resolve();
    const conflict = await screen.findByRole('dialog', { name: 'Someone else changed bob' });
    await waitFor(() => expect(conflict).toContainElement(document.activeElement as HTMLElement));
    await user.click(within(conflict).getByRole('button', { name: 'Discard mine' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(edit).toHaveFocus());
  });
});
