import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentGrid, findGrid, renderAuditScreen, shownIds } from '../../testing/audit-screen';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { SEARCH_DEBOUNCE_MS } from './audit-filter-bar';
import { ROW_HEIGHT } from './audit-table';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * ROW_HEIGHT });
});
afterEach(() => restoreLayout());

type Api = ReturnType<typeof renderAuditScreen>['api'];

/** The filters `audit.query` was asked for, first windows only. */
function queriedFilters(api: Api): unknown[] {
  return api.audit.query.mock.calls.filter(([input]) => input.after === null).map(([input]) => input.filter);
}

async function addFilter(
  user: ReturnType<typeof renderAuditScreen>['user'],
  field: string,
  value: string,
): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Add filter…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Add a filter' });
  await user.selectOptions(within(dialog).getByLabelText('Field'), field);
  const input = within(dialog).getByLabelText('Value');
  if (input.tagName === 'SELECT') await user.selectOptions(input, value);
  else await user.type(input, value);
  await user.click(within(dialog).getByRole('button', { name: 'Add' }));
}

describe('audit filters', { timeout: 20_000 }, () => {
  it('adds a filter as a chip that narrows the query, and removes it again', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 400 });
    await findGrid();
    await waitFor(() => expect(shownIds(currentGrid())[0]).toBe(400));

    await addFilter(user, 'Action', 'login_failed');
    const chip = await screen.findByRole('button', { name: 'Remove filter: Action: login_failed' });
    const expected = audit.ids({ actions: ['login_failed'] });
    await waitFor(() =>
      expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', String(expected.length)),
    );
    expect(queriedFilters(api)).toContainEqual({ actions: ['login_failed'] });
    // A new filter starts at the top of a new table.
    await waitFor(() => expect(shownIds(currentGrid())[0]).toBe(expected.idAt(expected.length - 1)));

    await addFilter(user, 'Outcome', 'failure');
    expect(
      await screen.findByRole('button', { name: 'Remove filter: Outcome: failure' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(queriedFilters(api)).toContainEqual({ actions: ['login_failed'], outcome: 'failure' }),
    );

    await user.click(chip);
    await waitFor(() => expect(queriedFilters(api).at(-1)).toEqual({ outcome: 'failure' }));
    expect(
      screen.queryByRole('button', { name: 'Remove filter: Action: login_failed' }),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear all filters' }));
    await waitFor(() => expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', '400'));
    expect(screen.queryByRole('list', { name: 'Active filters' })).not.toBeInTheDocument();
  });

  it('searches once typing pauses, not on every key', async () => {
    const { api, user } = renderAuditScreen({ count: 300 });
    await findGrid();
    const box = screen.getByLabelText('Search events');
    // Keys as fast as can be, so that a slow machine cannot pause long enough between two.
    await userEvent.setup({ delay: null }).type(box, 'mallory');
    const typed = Date.now();
    await waitFor(() => expect(queriedFilters(api)).toContainEqual({ text: 'mallory' }));
    expect(Date.now() - typed).toBeGreaterThanOrEqual(SEARCH_DEBOUNCE_MS - 20);
    // One query for the whole word, none for "m", "ma", …
    expect(queriedFilters(api)).toEqual([{}, { text: 'mallory' }]);
    await user.clear(box);
    // Back to the first result, still cached: no new query.
    await waitFor(() => expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', '300'));
    expect(queriedFilters(api)).toHaveLength(2);
  });

  it('narrows to the last hour, day or week', async () => {
    const { api, user } = renderAuditScreen({ count: 300 });
    await findGrid();
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: 'Last hour' }));
    await waitFor(() => expect(queriedFilters(api)).toHaveLength(2));
    const filter = queriedFilters(api).at(-1) as { from: string; to?: string };
    expect(Date.parse(filter.from)).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(Date.parse(filter.from)).toBeLessThanOrEqual(Date.now() - 3_600_000);
    expect(filter.to).toBeUndefined();
    expect(screen.getByRole('button', { name: /^Remove filter: Time: since / })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Last week' }));
    await waitFor(() => {
      const week = queriedFilters(api).at(-1) as { from: string };
      expect(Date.now() - Date.parse(week.from)).toBeGreaterThanOrEqual(7 * 86_400_000);
    });
  });

  it('takes a custom range, and refuses one that ends before it starts', async () => {
    const { api, user } = renderAuditScreen({ count: 300 });
    await findGrid();
    await user.click(screen.getByRole('button', { name: 'Custom range…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Custom time range' });
    fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: '2026-01-01T02:00' } });
    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-01-01T01:00' } });
    await user.click(within(dialog).getByRole('button', { name: 'Apply range' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The start must be before the end.');

    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-01-01T03:00' } });
    await user.click(within(dialog).getByRole('button', { name: 'Apply range' }));
    await waitFor(() =>
      expect(queriedFilters(api)).toContainEqual({
        from: new Date(2026, 0, 1, 2, 0).toISOString(),
        to: new Date(2026, 0, 1, 3, 0).toISOString(),
      }),
    );
    expect(screen.queryByRole('dialog', { name: 'Custom time range' })).not.toBeInTheDocument();
  });

  it('narrows the time range to what the histogram brush selects', async () => {
    const { api, audit } = renderAuditScreen({ count: 600 });
    await findGrid();
    await waitFor(() =>
      expect(document.querySelectorAll('.audit-histogram [role="slider"]')).toHaveLength(2),
    );
    const histogramCall = api.audit.histogram.mock.calls[0]?.[0];
    expect(histogramCall?.filter).toEqual({});
    const answer = audit.histogram({}, histogramCall?.buckets ?? 0);

    const [start] = Array.from(document.querySelectorAll<HTMLElement>('.audit-histogram [role="slider"]'));
    fireEvent.mouseDown(start as HTMLElement, { pageX: 0, clientX: 0 });
    fireEvent.mouseMove(window, { pageX: 200, clientX: 200 });
    fireEvent.mouseUp(window, { pageX: 200, clientX: 200 });

    await waitFor(() => expect(queriedFilters(api)).toHaveLength(2));
    const narrowed = queriedFilters(api).at(-1) as { from: string; to: string };
    // From the start of a bucket to the end of the last one.
    const starts = answer.buckets.map((bucket) => bucket.start);
    expect(starts).toContain(narrowed.from);
    expect(narrowed.from > (starts[0] ?? '')).toBe(true);
    expect(Date.parse(narrowed.to)).toBe(Date.parse(starts.at(-1) ?? '') + answer.bucketMs - 1);
    expect(screen.getByRole('button', { name: /^Remove filter: Time: .+ – .+/ })).toBeInTheDocument();
    // The chart now shows the narrowed range.
    await waitFor(() =>
      expect(api.audit.histogram).toHaveBeenLastCalledWith(expect.objectContaining({ filter: narrowed })),
    );
  });

  it('moves the brush with the keyboard, then applies the selection', async () => {
    const { api, user } = renderAuditScreen({ count: 600 });
    await findGrid();
    await waitFor(() =>
      expect(document.querySelectorAll('.audit-histogram [role="slider"]')).toHaveLength(2),
    );
    const [, end] = Array.from(document.querySelectorAll<HTMLElement>('.audit-histogram [role="slider"]'));
    (end as HTMLElement).focus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    const apply = await screen.findByRole('button', { name: /^Narrow to / });
    await user.click(apply);
    await waitFor(() => expect(queriedFilters(api)).toHaveLength(2));
    const narrowed = queriedFilters(api).at(-1) as { from?: string; to?: string };
    expect(narrowed.from).toEqual(expect.any(String));
    expect(narrowed.to).toEqual(expect.any(String));
  });

  it('saves the filter under a name, applies it later, and deletes it', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 300 });
    await findGrid();
    // Nothing to save without a filter.
    expect(screen.getByRole('button', { name: 'Save query' })).toHaveAttribute('aria-disabled', 'true');

    await addFilter(user, 'User', 'bob');
    const bobs = audit.ids({ usernames: ['bob'] }).length;
    await user.click(await screen.findByRole('button', { name: 'Save query' }));
    const form = await screen.findByRole('dialog', { name: 'Save query' });
    await user.type(within(form).getByLabelText('Query name'), 'Bob’s doings');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.audit.saveQuery).toHaveBeenCalledWith({
        environmentId: 'staging',
        name: 'Bob’s doings',
        filter: { usernames: ['bob'] },
      }),
    );
    expect(await screen.findByText('Saved “Bob’s doings”.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear all filters' }));
    await waitFor(() => expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', '300'));

    await user.click(screen.getByRole('button', { name: 'Saved queries' }));
    const list = await screen.findByRole('list', { name: 'Saved queries' });
    expect(within(list).getByText('User: bob')).toBeInTheDocument();
    await user.click(within(list).getByRole('button', { name: 'Apply saved query Bob’s doings' }));
    expect(await screen.findByRole('button', { name: 'Remove filter: User: bob' })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', String(bobs)),
    );

    await user.click(screen.getByRole('button', { name: 'Saved queries' }));
    await user.click(await screen.findByRole('button', { name: 'Delete saved query Bob’s doings' }));
    expect(await screen.findByText(/No saved queries yet/)).toBeInTheDocument();
    expect(api.audit.deleteQuery).toHaveBeenCalledWith({ environmentId: 'staging', name: 'Bob’s doings' });
  });

  it('keeps each environment’s filter while another area is open', async () => {
    const { user, uiStore } = renderAuditScreen({ count: 300 });
    await findGrid();
    await addFilter(user, 'IP prefix', '10.1.');
    expect(await screen.findByRole('button', { name: 'Remove filter: IP: 10.1.' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Users' }));
    await user.click(screen.getByRole('button', { name: 'Audit' }));
    expect(await screen.findByRole('button', { name: 'Remove filter: IP: 10.1.' })).toBeInTheDocument();
    expect(uiStore.getState().auditViews['staging']?.filter).toEqual({ ipPrefix: '10.1.' });
  });
});
