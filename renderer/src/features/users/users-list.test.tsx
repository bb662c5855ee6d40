import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { scrollViewport, stubScrollLayout } from '../../testing/scroll-layout';
import { USER_SEARCH_DEBOUNCE_MS } from './users-filter-bar';
import { USERS_PAGE_SIZE } from './users-queries';
import { USER_ROW_HEIGHT } from './users-table';
import {
  cellOf,
  deferred,
  findGrid,
  findPanel,
  listedFilters,
  renderUsersScreen,
  rowOf,
  shownIds,
  viewportOf,
} from './users-test-kit';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  // A viewport of 10 rows.
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

const DEFAULT = { search: '', role: null, active: 'any', lockedOnly: false, sort: 'username' };

describe('users list', { timeout: 20_000 }, () => {
  it('shows the count and the first users with their columns, asking main for the first page', async () => {
    const { api } = renderUsersScreen({ count: 30 });
    const grid = await findGrid();
    expect(await screen.findByTestId('users-total')).toHaveTextContent('30');
    expect(screen.getByTestId('users-total')).toHaveAttribute('data-value', '30');
    expect(grid).toHaveAttribute('aria-rowcount', '31');
    await waitFor(() => expect(shownIds(grid).slice(0, 3)).toEqual([1, 2, 3]));
    expect(api.users.list).toHaveBeenCalledWith({
      environmentId: 'staging',
      filter: DEFAULT,
      offset: 0,
      limit: USERS_PAGE_SIZE,
    });
    expect(cellOf(grid, 1, 1)).toBe('alice Alice Admin');
    expect(cellOf(grid, 1, 2)).toBe('alice@opp.example');
    expect(cellOf(grid, 1, 3)).toBe('admin');
    expect(cellOf(grid, 1, 4)).toBe('Active');
    expect(cellOf(grid, 3, 4)).toMatch(/^Locked until /);
    expect(cellOf(grid, 4, 4)).toBe('Inactive');
    expect(cellOf(grid, 4, 5)).toBe('Never');
    expect(within(grid).getByRole('columnheader', { name: 'Name' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
  });

  it('fetches pages of 100 by offset as the view scrolls through 10,000 users, never the pages jumped over', async () => {
    const { api } = renderUsersScreen({ count: 10_000 });
    const grid = await findGrid();
    expect(grid).toHaveAttribute('aria-rowcount', '10001');
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1));
    // Only the rows in view and a few more are drawn.
    expect(shownIds(grid).length).toBeLessThan(30);
    expect(api.users.list).toHaveBeenCalledTimes(1);

    scrollViewport(viewportOf(grid), 150 * USER_ROW_HEIGHT);
    await waitFor(() => expect(shownIds(grid)).toContain(151));
    expect(api.users.list).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 100, limit: 100 }));

    scrollViewport(viewportOf(grid), (10_000 - 10) * USER_ROW_HEIGHT);
    await waitFor(() => expect(shownIds(grid)).toContain(10_000));
    expect(shownIds(grid).at(-1)).toBe(10_000);
    const offsets = api.users.list.mock.calls.map(([input]) => input.offset);
    expect(offsets).toContain(9900);
    // Page 0, page 1, the last page: nothing in between was asked for.
    expect(new Set(offsets)).toEqual(new Set([0, 100, 9900]));
  });

  it('sends a debounced search to main, keeping the previous rows on screen until the new ones arrive', async () => {
    const { api } = renderUsersScreen({ count: 40 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1));
    const answer = api.users.list.getMockImplementation();
    const held = deferred<void>();
    api.users.list.mockImplementationOnce(async (input) => {
      await held.promise;
      return answer!(input);
    });

    // Keys as fast as can be, so that a slow machine cannot pause long enough between two.
    await userEvent
      .setup({ delay: null })
      .type(screen.getByRole('searchbox', { name: 'Search users' }), 'carol');
    const typed = Date.now();
    await waitFor(() => expect(listedFilters(api)).toContainEqual({ ...DEFAULT, search: 'carol' }));
    expect(Date.now() - typed).toBeGreaterThanOrEqual(USER_SEARCH_DEBOUNCE_MS - 20);
    // One query for the word, none for "c", "ca", …
    expect(listedFilters(api).filter((filter) => filter.search !== '')).toEqual([
      { ...DEFAULT, search: 'carol' },
    ]);

    // While main answers, the previous result stays, marked busy.
    expect(shownIds(grid).slice(0, 3)).toEqual([1, 2, 3]);
    expect(grid).toHaveAttribute('aria-busy', 'true');
    held.resolve();
    await waitFor(() => expect(shownIds(screen.getByRole('grid', { name: 'Users' }))).toEqual([3]));
    expect(screen.getByTestId('users-total')).toHaveTextContent('1');
    expect(screen.getByRole('grid', { name: 'Users' })).not.toHaveAttribute('aria-busy');
  });

  it('sends the role, status and locked filters, and says when nothing matches', async () => {
    const { api, user } = renderUsersScreen({ count: 60 });
    await findGrid();
    await user.selectOptions(screen.getByLabelText('Role'), 'guest');
    await waitFor(() => expect(listedFilters(api).at(-1)).toEqual({ ...DEFAULT, role: 'guest' }));
    await user.selectOptions(screen.getByLabelText('Status'), 'inactive');
    await waitFor(() =>
      expect(listedFilters(api).at(-1)).toEqual({ ...DEFAULT, role: 'guest', active: 'inactive' }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Locked only' }));
    await waitFor(() =>
      expect(listedFilters(api).at(-1)).toEqual({
        ...DEFAULT,
        role: 'guest',
        active: 'inactive',
        lockedOnly: true,
      }),
    );
    // Guests are every 5th, inactive every 7th, locked every 13th: none of the first 60 is all three.
    expect(await screen.findByText('No users match these filters')).toBeInTheDocument();
    expect(screen.getByTestId('users-total')).toHaveAttribute('data-value', '0');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getByTestId('users-total')).toHaveAttribute('data-value', '60'));
    // The unfiltered list was still fresh in the cache: shown without asking again.
    expect(screen.getByLabelText('Role')).toHaveValue('');
    expect(screen.getByLabelText('Status')).toHaveValue('any');
    expect(screen.getByRole('checkbox', { name: 'Locked only' })).not.toBeChecked();
  });

  it('sorts by a column header, first direction then the other, marked with aria-sort', async () => {
    const { api, user } = renderUsersScreen({ count: 30 });
    const grid = await findGrid();
    await user.click(within(grid).getByRole('button', { name: 'Created' }));
    await waitFor(() => expect(listedFilters(api).at(-1)).toEqual({ ...DEFAULT, sort: '-created_at' }));
    const sorted = await findGrid();
    await waitFor(() => expect(shownIds(sorted)[0]).toBe(30));
    expect(within(sorted).getByRole('columnheader', { name: 'Created' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(within(sorted).getByRole('columnheader', { name: 'Name' })).not.toHaveAttribute('aria-sort');

    await user.click(within(sorted).getByRole('button', { name: 'Created' }));
    await waitFor(() => expect(listedFilters(api).at(-1)).toEqual({ ...DEFAULT, sort: 'created_at' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('grid', { name: 'Users' })).getByRole('columnheader', { name: 'Created' }),
      ).toHaveAttribute('aria-sort', 'ascending'),
    );
    await user.click(
      within(screen.getByRole('grid', { name: 'Users' })).getByRole('button', { name: 'Last sign-in' }),
    );
    await waitFor(() => expect(listedFilters(api).at(-1)).toEqual({ ...DEFAULT, sort: '-last_login' }));
  });

  it('moves with the arrow keys and opens the user with Enter', async () => {
    const { user } = renderUsersScreen({ count: 20 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1));
    grid.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(grid).toHaveAttribute('aria-activedescendant', rowOf(grid, 2).id);
    expect(rowOf(grid, 2)).toHaveAttribute('data-active', 'true');
    await user.keyboard('{Enter}');
    expect(await findPanel('bob')).toBeInTheDocument();
    // The panel follows the keyboard; Escape closes it.
    await user.keyboard('{ArrowDown}');
    expect(await findPanel('carol')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'User carol' })).not.toBeInTheDocument();
  });

  it('says when the list cannot be loaded, and Try again recovers', async () => {
    const { user } = renderUsersScreen({
      count: 5,
      before: (api) =>
        api.users.list.mockRejectedValueOnce(new OppError('UPSTREAM', 'The platform answered 502.')),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The users could not be loaded.');
    expect(alert).toHaveTextContent('The platform answered 502.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)).toEqual([1, 2, 3, 4, 5]));
  });
});
