import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { cellOf, findGrid, renderUsersScreen, rowOf, shownIds } from './users-test-kit';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

async function readyGrid(): Promise<HTMLElement> {
  const grid = await findGrid();
  await waitFor(() => expect(shownIds(grid)[0]).toBe(1));
  return grid;
}

/** Each row of a bulk table as [username, …cells]. */
function tableRows(dialog: HTMLElement, name: string): string[][] {
  const table = within(dialog).getByRole('table', { name });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent ?? ''));
}

describe('bulk actions', { timeout: 20_000 }, () => {
  it('selects with checkboxes, a shift-click range and all visible rows', async () => {
    const { user } = renderUsersScreen({ count: 30 });
    const grid = await readyGrid();
    await user.click(within(grid).getByRole('checkbox', { name: 'Select bob' }));
    expect(rowOf(grid, 2)).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Shift>}');
    await user.click(within(grid).getByRole('checkbox', { name: 'Select user00006' }));
    await user.keyboard('{/Shift}');
    expect([1, 2, 3, 4, 5, 6, 7].map((id) => rowOf(grid, id).getAttribute('aria-selected'))).toEqual([
      'false',
      'true',
      'true',
      'true',
      'true',
      'true',
      'false',
    ]);
    expect(screen.getByTestId('users-selected')).toHaveTextContent('5 selected');
    expect(within(grid).getByRole('checkbox', { name: 'Select all visible users' })).toHaveProperty(
      'indeterminate',
      true,
    );

    await user.click(within(grid).getByRole('checkbox', { name: 'Select all visible users' }));
    // The ten rows in view.
    expect(screen.getByTestId('users-selected')).toHaveTextContent('10 selected');
    expect(rowOf(grid, 10)).toHaveAttribute('aria-selected', 'true');
    expect(rowOf(grid, 11)).toHaveAttribute('aria-selected', 'false');

    // Space selects the active row from the keyboard.
    grid.focus();
    await user.keyboard('{ArrowDown}[Space]');
    expect(rowOf(grid, 1)).toHaveAttribute('aria-selected', 'false');
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByTestId('users-selected')).not.toBeInTheDocument();
  });

  it('previews exactly what changes for whom, applies with the preview versions, and reports each result', async () => {
    const { api, user } = renderUsersScreen({ count: 8 });
    const grid = await readyGrid();
    for (const name of ['alice', 'bob', 'dave', 'erin']) {
      await user.click(within(grid).getByRole('checkbox', { name: `Select ${name}` }));
    }
    await user.click(screen.getByRole('button', { name: 'Deactivate selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    expect(await within(dialog).findByText('2 will change, 1 already so, 1 refused.')).toBeInTheDocument();
    expect(api.users.bulkPreview).toHaveBeenCalledWith({
      environmentId: 'staging',
      action: { kind: 'deactivate' },
      ids: [1, 2, 4, 5],
    });
    expect(tableRows(dialog, 'What will change')).toEqual([
      ['alice', 'Active', '—', 'Refused: You cannot change your own role or deactivate yourself.'],
      ['bob', 'Active', 'Inactive', 'Will change'],
      ['dave', 'Inactive', '—', 'No change'],
      ['erin', 'Active', 'Inactive', 'Will change'],
    ]);

    // Someone else changes erin between the preview and the apply: that one fails, nothing is blind.
    api.users.directory.changeElsewhere(5, { full_name: 'Erin O.' });
    await user.click(within(dialog).getByRole('button', { name: 'Apply to 2 users' }));
    expect(await within(dialog).findByText('1 changed, 1 failed.')).toBeInTheDocument();
    expect(api.users.bulkApply).toHaveBeenCalledWith({
      environmentId: 'staging',
      action: { kind: 'deactivate' },
      targets: [
        { id: 2, version: 1 },
        { id: 5, version: 1 },
      ],
    });
    expect(tableRows(dialog, 'Results')).toEqual([
      ['bob', 'Changed'],
      ['erin', 'Failed: Changed by someone else since the preview.'],
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));

    await waitFor(() => expect(cellOf(grid, 2, 4)).toBe('Inactive'));
    expect(cellOf(grid, 5, 4)).toBe('Active');
    // Those changed leave the selection; the rest stay for another try.
    expect(screen.getByTestId('users-selected')).toHaveTextContent('3 selected');
    expect(api.users.bulkPreview).toHaveBeenCalledTimes(1);
  });

  it('asks for the role first when changing roles', async () => {
    const { api, user } = renderUsersScreen({ count: 8 });
    const grid = await readyGrid();
    await user.click(within(grid).getByRole('checkbox', { name: 'Select carol' }));
    await user.click(within(grid).getByRole('checkbox', { name: 'Select dave' }));
    await user.click(screen.getByRole('button', { name: 'Change role…' }));
    const choose = await screen.findByRole('dialog', { name: 'Change role' });
    await user.selectOptions(within(choose).getByLabelText('New role'), 'guest');
    await user.click(within(choose).getByRole('button', { name: 'Review changes' }));

    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    await within(dialog).findByText('1 will change, 1 already so, 0 refused.');
    expect(tableRows(dialog, 'What will change')).toEqual([
      ['carol', 'user', 'guest', 'Will change'],
      ['dave', 'guest', '—', 'No change'],
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Apply to 1 user' }));
    expect(await within(dialog).findByText('1 changed, 0 failed.')).toBeInTheDocument();
    expect(api.users.bulkApply).toHaveBeenCalledWith({
      environmentId: 'staging',
      action: { kind: 'set_role', role: 'guest' },
      targets: [{ id: 3, version: 1 }],
    });
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(cellOf(grid, 3, 3)).toBe('guest'));
  });
});
