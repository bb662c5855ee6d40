import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { cellOf, deferred, findGrid, findPanel, renderUsersScreen, rowOf, shownIds } from './users-test-kit';

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

/** Edits bob's email after someone else renamed him: the save meets a VERSION_MISMATCH. */
async function editAfterSomeoneElse(rendered: Rendered): Promise<HTMLElement> {
  const { api, user } = rendered;
  const { panel } = await openUser(rendered, 2, 'bob');
  api.users.directory.changeElsewhere(2, { full_name: 'Robert Builder' });
  await user.click(within(panel).getByRole('button', { name: 'Edit' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit bob' });
  const email = within(dialog).getByLabelText('Email');
  await user.clear(email);
  await user.type(email, 'bobby@opp.example');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  return screen.findByRole('dialog', { name: 'Someone else changed bob' });
}

/** A row of the comparison: [field, yours, theirs] and whether it is marked as differing. */
function compareRow(dialog: HTMLElement, field: string): { cells: string[]; differs: boolean } {
  const row = dialog.querySelector<HTMLElement>(`tr[data-field="${field}"]`);
  if (row === null) throw new Error(`No comparison row for ${field}`);
  return {
    cells: Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent ?? ''),
    differs: row.dataset['differs'] === 'true',
  };
}

describe('editing a user', { timeout: 20_000 }, () => {
  it('shows both versions on a version mismatch, and reapplies mine on theirs', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const conflict = await editAfterSomeoneElse(rendered);
    expect(api.users.update).toHaveBeenCalledWith({
      environmentId: 'staging',
      id: 2,
      baseVersion: 1,
      changes: { email: 'bobby@opp.example' },
    });
    expect(compareRow(conflict, 'email')).toEqual({
      cells: ['Email', 'bobby@opp.example changed by you', 'bob@opp.example'],
      differs: true,
    });
    expect(compareRow(conflict, 'full_name')).toEqual({
      cells: ['Full name', 'Bob Builder', 'Robert Builder changed by them'],
      differs: true,
    });
    expect(compareRow(conflict, 'role')).toEqual({ cells: ['Role', 'user', 'user'], differs: false });
    // Nothing overwritten meanwhile: the server still has their version.
    expect(api.users.directory.user(2)).toMatchObject({ email: 'bob@opp.example', version: 2 });

    await user.click(within(conflict).getByRole('button', { name: 'Reapply my changes' }));
    await waitFor(() =>
      expect(api.users.update).toHaveBeenLastCalledWith({
        environmentId: 'staging',
        id: 2,
        baseVersion: 2,
        changes: { email: 'bobby@opp.example' },
      }),
    );
    const grid = await findGrid();
    await waitFor(() => expect(cellOf(grid, 2, 2)).toBe('bobby@opp.example'));
    expect(cellOf(grid, 2, 1)).toBe('bob Robert Builder');
    expect(api.users.directory.user(2)).toMatchObject({
      email: 'bobby@opp.example',
      full_name: 'Robert Builder',
      version: 3,
    });
  });

  it('keeps their version when I discard mine', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const conflict = await editAfterSomeoneElse(rendered);
    await user.click(within(conflict).getByRole('button', { name: 'Discard mine' }));
    expect(screen.queryByRole('dialog', { name: 'Someone else changed bob' })).not.toBeInTheDocument();
    const grid = await findGrid();
    await waitFor(() => expect(cellOf(grid, 2, 1)).toBe('bob Robert Builder'));
    expect(cellOf(grid, 2, 2)).toBe('bob@opp.example');
    expect(api.users.update).toHaveBeenCalledTimes(1);
    expect(api.users.directory.user(2)).toMatchObject({ email: 'bob@opp.example', version: 2 });
  });

  it('shows a change at once, and undoes it with the reason when the server refuses', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    // alice is no admin any more: erin is the last active one.
    api.users.directory.changeElsewhere(1, { role: 'user' });
    const held = deferred<void>();
    const answer = api.users.update.getMockImplementation();
    api.users.update.mockImplementationOnce(async (input) => {
      await held.promise;
      return answer!(input);
    });
    const { grid, panel } = await openUser(rendered, 5, 'erin');
    const listsBefore = api.users.list.mock.calls.length;

    await user.click(within(panel).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(cellOf(grid, 5, 4)).toBe('Inactive'));
    expect(within(panel).getByRole('button', { name: 'Reactivate' })).toBeInTheDocument();

    // What the server says next never arrives: the row must come back by the rollback alone.
    api.users.list.mockImplementation(() => new Promise(() => {}));
    api.users.get.mockImplementation(() => new Promise(() => {}));
    held.resolve();
    expect(await screen.findByText('The change to erin was undone.')).toBeInTheDocument();
    expect(screen.getByText(/erin is the last active admin/)).toBeInTheDocument();
    await waitFor(() => expect(cellOf(grid, 5, 4)).toBe('Active'));
    expect(within(panel).getByRole('button', { name: 'Deactivate' })).toBeInTheDocument();
    // Afterwards the list is read again.
    await waitFor(() => expect(api.users.list.mock.calls.length).toBeGreaterThan(listsBefore));
  });

  it('keeps an accepted change with the version the server gave it', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const { grid, panel } = await openUser(rendered, 2, 'bob');
    await user.click(within(panel).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit bob' });
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'guest');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Active (can sign in)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('bob saved.')).toBeInTheDocument();
    expect(api.users.update).toHaveBeenCalledWith({
      environmentId: 'staging',
      id: 2,
      baseVersion: 1,
      changes: { role: 'guest', is_active: false },
    });
    expect(cellOf(grid, 2, 3)).toBe('guest');
    expect(cellOf(grid, 2, 4)).toBe('Inactive');
    const facts = within(panel).getByText('Version', { selector: 'dt' }).nextElementSibling;
    await waitFor(() => expect(facts).toHaveTextContent('2'));
  });
});
