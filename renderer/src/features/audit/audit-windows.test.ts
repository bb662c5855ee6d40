import { describe, expect, it, vi } from 'vitest';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import { FakeAuditStore } from '../../testing/fake-audit-store';
import { AuditWindows, SEEK_BUCKETS, type AuditOrder, type WindowRequest } from './audit-windows';

function setup(
  count: number,
  {
    order = 'newest',
    filter = {},
    ...options
  }: { order?: AuditOrder; filter?: AuditFilter; maxRows?: number } = {},
) {
  const store = new FakeAuditStore('staging', { count });
  const fetchWindow = vi.fn((request: WindowRequest) => Promise.resolve(store.query(request)));
  const fetchHistogram = vi.fn((range: AuditFilter, buckets: number) =>
    Promise.resolve(store.histogram(range, buckets)),
  );
  const windows = new AuditWindows({ filter, order, fetchWindow, fetchHistogram, ...options });
  const head = () => store.query({ filter, order, after: null, limit: 200 });
  windows.setHead(head());
  /** The ids in result order, as an independent check. */
  const expected = (): number[] => {
    const ids = store.ids(filter);
    const list = Array.from({ length: ids.length }, (_, position) => ids.idAt(position));
    return order === 'newest' ? list.reverse() : list;
  };
  return { store, windows, fetchWindow, fetchHistogram, head, expected };
}

/** Lets every pending window answer and the next one start, until nothing changes. */
async function settle(windows: AuditWindows): Promise<void> {
  let version = -1;
  while (version !== windows.getVersion()) {
    version = windows.getVersion();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function idsAt(windows: AuditWindows, first: number, last: number): (number | undefined)[] {
  return Array.from({ length: last - first + 1 }, (_, k) => windows.rowAt(first + k)?.id);
}

describe('AuditWindows', () => {
  it('holds the first window and the total', () => {
    const { windows } = setup(1000);
    expect(windows.total).toBe(1000);
    expect(windows.rowAt(0)?.id).toBe(1000);
    expect(windows.rowAt(199)?.id).toBe(801);
    expect(windows.rowAt(200)).toBeUndefined();
  });

  it('continues after the last row held while scrolling, window by window', async () => {
    const { windows, fetchWindow } = setup(1000);
    windows.ensure(180, 230);
    await settle(windows);
    expect(fetchWindow).toHaveBeenCalledTimes(1);
    expect(fetchWindow).toHaveBeenLastCalledWith({
      filter: {},
      order: 'newest',
      after: { timestamp: windows.rowAt(199)?.timestamp, id: 801 },
      limit: 200,
    });
    expect(idsAt(windows, 195, 205)).toEqual([805, 804, 803, 802, 801, 800, 799, 798, 797, 796, 795]);

    windows.ensure(390, 430);
    await settle(windows);
    expect(fetchWindow).toHaveBeenCalledTimes(2);
    expect(fetchWindow.mock.lastCall?.[0].after).toEqual({
      timestamp: windows.rowAt(399)?.timestamp,
      id: 601,
    });
  });

  it('asks for the last window in the opposite order to reach the end', async () => {
    const { windows, fetchWindow, fetchHistogram } = setup(1_000_000);
    windows.ensure(999_970, 999_999);
    await settle(windows);
    expect(fetchWindow).toHaveBeenCalledTimes(1);
    expect(fetchWindow).toHaveBeenCalledWith({ filter: {}, order: 'oldest', after: null, limit: 200 });
    expect(fetchHistogram).not.toHaveBeenCalled();
    expect(windows.rowAt(999_999)?.id).toBe(1);
    expect(windows.rowAt(999_800)?.id).toBe(200);

    // Scrolling up from there goes on backwards, before the first row held.
    windows.ensure(999_780, 999_810);
    await settle(windows);
    expect(fetchWindow).toHaveBeenLastCalledWith({
      filter: {},
      order: 'oldest',
      after: { timestamp: windows.rowAt(999_800)?.timestamp, id: 200 },
      limit: 200,
    });
    expect(idsAt(windows, 999_795, 999_805)).toEqual([205, 204, 203, 202, 201, 200, 199, 198, 197, 196, 195]);
  });

  it('seeks to the middle of a million rows with a few calls, and places them exactly', async () => {
    const { windows, fetchWindow, fetchHistogram } = setup(1_000_000);
    windows.ensure(500_000, 500_040);
    await settle(windows);
    expect(fetchHistogram).toHaveBeenCalledWith({}, SEEK_BUCKETS);
    // One window of the filter cut at a time, then at most a few windows of walking.
    const seek = fetchWindow.mock.calls[0]?.[0];
    expect(seek?.after).toBeNull();
    expect(seek?.filter.to).toEqual(expect.any(String));
    expect(fetchWindow.mock.calls.length).toBeLessThanOrEqual(5);
    expect(idsAt(windows, 500_000, 500_040)).toEqual(
      Array.from({ length: 41 }, (_, k) => 1_000_000 - 500_000 - k),
    );
  });

  it('seeks oldest first under a filter, and walks back when it lands after the rows in view', async () => {
    const filter: AuditFilter = { outcome: 'failure' };
    const { windows, fetchWindow, expected } = setup(20_000, { order: 'oldest', filter });
    const all = expected();
    const middle = Math.floor(all.length / 2);
    windows.ensure(middle, middle + 30);
    await settle(windows);
    expect(fetchWindow.mock.calls.some(([request]) => request.filter.from !== undefined)).toBe(true);
    expect(idsAt(windows, middle, middle + 30)).toEqual(all.slice(middle, middle + 31));

    // Just above what the seek brought: a backward window from its first row.
    const above = middle - 25;
    windows.ensure(above, above + 30);
    await settle(windows);
    expect(idsAt(windows, above, above + 30)).toEqual(all.slice(above, above + 31));
  });

  it('walks forward in larger windows to a row not far below', async () => {
    const { windows, fetchWindow, fetchHistogram } = setup(10_000);
    windows.ensure(1500, 1530);
    await settle(windows);
    expect(fetchHistogram).not.toHaveBeenCalled();
    expect(fetchWindow.mock.calls.map(([request]) => request.limit)).toEqual([1000, 331]);
    expect(windows.rowAt(1530)?.id).toBe(10_000 - 1530);
  });

  it('keeps rows in place when new events arrive above, and refreshes those in view', async () => {
    const { store, windows, fetchWindow, head } = setup(5000);
    windows.ensure(300, 330);
    await settle(windows);
    const before = windows.rowAt(310);
    const beforeView = windows.rowAt(292);
    store.append(7);
    fetchWindow.mockClear();
    windows.setHead(head());
    expect(windows.total).toBe(5007);
    expect(windows.shift).toEqual({ delta: 7, serial: 1 });
    // The same event, seven rows lower, at once (no gap while the refresh runs).
    expect(windows.rowAt(317)).toBe(before);
    expect(windows.rowAt(0)?.id).toBe(5007);
    await settle(windows);
    // Fetched again from the first stale row in view, which the window includes.
    expect(fetchWindow).toHaveBeenCalledTimes(1);
    expect(fetchWindow).toHaveBeenCalledWith({
      filter: {},
      order: 'newest',
      after: { timestamp: beforeView?.timestamp, id: beforeView?.id },
      limit: 200,
    });
    windows.ensure(307, 337);
    await settle(windows);
    expect(idsAt(windows, 307, 337)).toEqual(Array.from({ length: 31 }, (_, k) => 5007 - 307 - k));
    expect(windows.rowAt(317)).not.toBe(before);
    expect(windows.rowAt(317)?.id).toBe(before?.id);
  });

  it('refreshes a segment that starts in view from the row before it', async () => {
    const { store, windows, fetchWindow, head } = setup(1_000_000, { order: 'oldest' });
    windows.ensure(999_800, 999_830);
    await settle(windows);
    expect(windows.rowAt(999_800)?.id).toBe(999_801);
    expect(windows.rowAt(999_799)).toBeUndefined();
    store.append(5);
    fetchWindow.mockClear();
    windows.setHead(head());
    await settle(windows);
    // The row before the segment first (main places a cursor by a held event), then the rows.
    expect(fetchWindow.mock.calls.map(([request]) => request)).toEqual([
      {
        filter: {},
        order: 'newest',
        after: { timestamp: store.timestampOf(999_801), id: 999_801 },
        limit: 1,
      },
      {
        filter: {},
        order: 'oldest',
        after: { timestamp: store.timestampOf(999_800), id: 999_800 },
        limit: 200,
      },
    ]);
    expect(idsAt(windows, 999_799, 999_801)).toEqual([999_800, 999_801, 999_802]);
  });

  it('drops what it holds when the first rows changed otherwise', async () => {
    const { windows, head, store } = setup(3000, { order: 'oldest' });
    windows.ensure(1000, 1030);
    await settle(windows);
    // Oldest first, new events come at the end: nothing moves.
    store.append(3);
    windows.setHead(head());
    expect(windows.total).toBe(3003);
    expect(windows.rowAt(1000)?.id).toBe(1001);
    // A head that does not start with the same event: everything is fetched again.
    windows.setHead({ rows: [store.event(2), store.event(3)], next: null, total: 2 });
    expect(windows.rowAt(1000)).toBeUndefined();
    expect(windows.rowAt(0)?.id).toBe(2);
  });

  it('keeps at most maxRows, and always the first window', async () => {
    const { windows } = setup(100_000, { maxRows: 2000 });
    for (let first = 0; first < 6000; first += 150) {
      windows.ensure(first, first + 40);
      await settle(windows);
    }
    expect(windows.loadedRows).toBeLessThanOrEqual(2000);
    expect(windows.rowAt(0)?.id).toBe(100_000);
    expect(windows.rowAt(5870)?.id).toBe(100_000 - 5870);
    expect(windows.rowAt(1000)).toBeUndefined();
  });

  it('reports a failed window and tries again on request', async () => {
    const { windows, fetchWindow } = setup(1000);
    fetchWindow.mockRejectedValueOnce(new Error('disk unreadable'));
    windows.ensure(250, 280);
    await settle(windows);
    expect(windows.error).toEqual(new Error('disk unreadable'));
    expect(windows.rowAt(260)).toBeUndefined();
    windows.retry();
    await settle(windows);
    expect(windows.error).toBeNull();
    expect(windows.rowAt(260)?.id).toBe(740);
  });

  it('drops answers that arrive after a new head', async () => {
    const { windows, fetchWindow, head, store } = setup(1000);
    let answer: (value: ReturnType<typeof store.query>) => void = () => {};
    fetchWindow.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    windows.ensure(250, 280);
    store.append(1);
    windows.setHead(head());
    answer(store.query({ filter: {}, order: 'newest', after: null, limit: 200 }));
    await settle(windows);
    // The late answer (ids 1001..802 placed at 200) was ignored; the rows are right.
    expect(idsAt(windows, 250, 252)).toEqual([751, 750, 749]);
  });
});
