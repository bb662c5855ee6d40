import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import {
  detailPanel,
  findGrid,
  renderAuditScreen,
  rowOf,
  shownIds,
  viewportOf,
} from '../../testing/audit-screen';
import { FakeAuditStore } from '../../testing/fake-audit-store';
import { scrollViewport, stubScrollLayout } from '../../testing/scroll-layout';
import { MAX_SCROLL_HEIGHT } from './scaled-scroll';
import { ROW_HEIGHT } from './audit-table';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  // A viewport of 10 rows.
  restoreLayout = stubScrollLayout({ height: 10 * ROW_HEIGHT });
});
afterEach(() => restoreLayout());

describe('audit table', { timeout: 20_000 }, () => {
  it('shows the total and the first rows, and asks for the next window with the last row as cursor', async () => {
    const { api, audit } = renderAuditScreen({ count: 1000 });
    const grid = await findGrid();
    expect(await screen.findByTestId('audit-total')).toHaveTextContent('1,000');
    expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', '1000');
    await waitFor(() => expect(shownIds(grid).slice(0, 3)).toEqual([1000, 999, 998]));
    // Only the rows in view and a few more are drawn.
    expect(shownIds(grid).length).toBeLessThan(30);
    expect(api.audit.query).toHaveBeenCalledTimes(1);
    expect(api.audit.query).toHaveBeenCalledWith({
      environmentId: 'staging',
      filter: {},
      order: 'newest',
      after: null,
      limit: 200,
    });

    scrollViewport(viewportOf(grid), 195 * ROW_HEIGHT);
    await waitFor(() => expect(shownIds(grid)).toContain(800));
    expect(api.audit.query).toHaveBeenLastCalledWith({
      environmentId: 'staging',
      filter: {},
      order: 'newest',
      after: { timestamp: audit.timestampOf(801), id: 801 },
      limit: 200,
    });
    expect(shownIds(grid)).toEqual(expect.arrayContaining([806, 805, 801, 800, 795]));

    scrollViewport(viewportOf(grid), 395 * ROW_HEIGHT);
    await waitFor(() => expect(shownIds(grid)).toContain(600));
    expect(api.audit.query).toHaveBeenLastCalledWith(
      expect.objectContaining({ after: { timestamp: audit.timestampOf(601), id: 601 }, limit: 200 }),
    );
  });

  it('reaches the last of a million events with End, from the other end, in an honest scroll area', async () => {
    const { api, user } = renderAuditScreen({ count: 1_000_000 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1_000_000));
    const viewport = viewportOf(grid);
    const spacer = viewport.firstElementChild as HTMLElement;
    // A million rows of 32 px are scaled into the largest area drawn.
    expect(spacer.style.height).toBe(`${MAX_SCROLL_HEIGHT}px`);
    expect(grid).toHaveAttribute('aria-rowcount', '1000001');

    grid.focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(shownIds(grid)).toContain(1));
    expect(api.audit.query).toHaveBeenLastCalledWith({
      environmentId: 'staging',
      filter: {},
      order: 'oldest',
      after: null,
      limit: 200,
    });
    expect(api.audit.histogram).not.toHaveBeenCalledWith(expect.objectContaining({ buckets: 500 }));
    // The scroll bar is at its very end, and the last event is the last row, selected.
    expect(viewport.scrollTop).toBe(MAX_SCROLL_HEIGHT - 10 * ROW_HEIGHT);
    const last = rowOf(grid, 1);
    expect(last).toHaveAttribute('aria-selected', 'true');
    expect(last).toHaveAttribute('aria-rowindex', '1000001');
    expect(shownIds(grid).at(-1)).toBe(1);

    await user.keyboard('{Home}');
    await waitFor(() => expect(rowOf(grid, 1_000_000)).toHaveAttribute('aria-selected', 'true'));
    expect(viewport.scrollTop).toBe(0);
  });

  it('jumps to the middle of a million events by seeking, without walking there', async () => {
    const { api } = renderAuditScreen({ count: 1_000_000 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1_000_000));
    const viewport = viewportOf(grid);
    scrollViewport(viewport, (MAX_SCROLL_HEIGHT - 10 * ROW_HEIGHT) / 2);
    // Half way down the bar is half way through the events: ids near 500,000 are drawn.
    await waitFor(() => {
      const ids = shownIds(grid);
      expect(ids.length).toBeGreaterThan(10);
      expect(Math.abs((ids[0] ?? 0) - 500_000)).toBeLessThan(100);
    });
    const ids = shownIds(grid);
    // Consecutive, newest first: nothing missing, nothing repeated.
    expect(ids).toEqual(ids.map((_, k) => (ids[0] ?? 0) - k));
    expect(api.audit.histogram).toHaveBeenCalledWith({ environmentId: 'staging', filter: {}, buckets: 500 });
    expect(api.audit.query.mock.calls.length).toBeLessThan(8);
  });

  it('moves the selection with the arrow keys and opens the detail with Enter', async () => {
    const { user } = renderAuditScreen({ count: 50 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(50));
    grid.focus();
    await user.keyboard('{ArrowDown}');
    expect(rowOf(grid, 50)).toHaveAttribute('aria-selected', 'true');
    expect(grid).toHaveAttribute('aria-activedescendant', rowOf(grid, 50).id);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(rowOf(grid, 49)).toHaveAttribute('aria-selected', 'true');
    expect(rowOf(grid, 50)).toHaveAttribute('aria-selected', 'false');
    await user.keyboard('{Enter}');
    expect(await detailPanel(49)).toBeInTheDocument();
    // The detail follows the selection, and Escape closes it.
    await user.keyboard('{ArrowDown}');
    expect(await detailPanel(48)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Event 48' })).not.toBeInTheDocument();
  });

  it('keeps the rows on screen when main says the audit changed, and shows new events at the top', async () => {
    const store = new FakeAuditStore('staging', { count: 300 });
    const { api } = renderAuditScreen({ store });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(300));
    const row = rowOf(grid, 300);

    store.append(3);
    act(() => api.emit('cache.invalidated', { environmentId: 'staging', scope: 'audit' }));
    await waitFor(() => expect(shownIds(grid).slice(0, 4)).toEqual([303, 302, 301, 300]));
    expect(api.audit.query).toHaveBeenCalledTimes(2);
    // The same element, moved: never removed and drawn again.
    expect(rowOf(grid, 300)).toBe(row);
    expect(screen.getByTestId('audit-total')).toHaveTextContent('303');
  });

  it('keeps the same events in view when new ones arrive above while scrolled down', async () => {
    const store = new FakeAuditStore('staging', { count: 3000 });
    const { api } = renderAuditScreen({ store });
    const grid = await findGrid();
    const viewport = viewportOf(grid);
    await waitFor(() => expect(shownIds(grid)[0]).toBe(3000));
    scrollViewport(viewport, 100 * ROW_HEIGHT);
    await waitFor(() => expect(shownIds(grid)).toContain(2900));
    const top = viewport.scrollTop;

    store.append(5);
    act(() => api.emit('cache.invalidated', { environmentId: 'staging', scope: 'audit' }));
    await waitFor(() => expect(viewport.scrollTop).toBe(top + 5 * ROW_HEIGHT));
    expect(rowOf(grid, 2900)).toHaveAttribute('aria-rowindex', String(100 + 5 + 2));
  });

  it('says when the copy is being read, when reading failed, and when nothing matches', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 100 });
    let answer: () => void = () => {};
    api.audit.query.mockImplementationOnce(
      ({ environmentId: _id, ...input }) =>
        new Promise((resolve) => {
          answer = () => resolve(audit.query(input));
        }),
    );
    expect(await screen.findByText('Loading events…')).toBeInTheDocument();
    act(() => answer());
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(100));

    api.audit.query.mockRejectedValueOnce(new OppError('INTERNAL', 'database disk image is malformed'));
    await user.type(screen.getByLabelText('Search events'), 'zzz');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The events could not be read from the copy.');
    expect(alert).toHaveTextContent('database disk image is malformed');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No events match')).toBeInTheDocument();
    expect(screen.getByTestId('audit-total')).toHaveTextContent('0');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(shownIds(grid)[0]).toBe(100));
    expect(screen.getByLabelText('Search events')).toHaveValue('');
    expect(screen.queryByText('No events match')).not.toBeInTheDocument();
  });

  it('says so when the copy holds no events at all', async () => {
    renderAuditScreen({ count: 0, lastSyncAt: '2026-01-01T00:00:00.000Z' });
    expect(await screen.findByText('The copy holds no events yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('offers to try again when a window fails while scrolling', async () => {
    const { api, user } = renderAuditScreen({ count: 1000 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(1000));
    api.audit.query.mockRejectedValueOnce(new OppError('INTERNAL', 'read failed'));
    scrollViewport(viewportOf(grid), 300 * ROW_HEIGHT);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Some events could not be read from the copy.');
    expect(grid.querySelectorAll('.audit-row--loading').length).toBeGreaterThan(0);
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(shownIds(grid)).toContain(700));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
