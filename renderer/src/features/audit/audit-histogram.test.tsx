import { waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findGrid, renderAuditScreen } from '../../testing/audit-screen';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { ROW_HEIGHT } from './audit-table';

const PLOT_WIDTH = 960;
let restore: () => void = () => {};

beforeEach(() => {
  const restoreLayout = stubScrollLayout({ height: 10 * ROW_HEIGHT });
  // The plot has a width of its own, as in a browser (jsdom lays nothing out).
  const viewportWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.classList.contains('audit-histogram__plot')) return PLOT_WIDTH;
      return (viewportWidth?.get?.call(this) as number | undefined) ?? 0;
    },
  });
  restore = () => {
    if (viewportWidth !== undefined)
      Object.defineProperty(HTMLElement.prototype, 'clientWidth', viewportWidth);
    restoreLayout();
  };
});
afterEach(() => restore());

describe('the audit histogram', () => {
  it('is asked for once on opening, with the buckets its plot can draw, after the first rows', async () => {
    const { api } = renderAuditScreen({ count: 300 });
    await findGrid();
    await waitFor(() => expect(api.audit.histogram).toHaveBeenCalled());
    // Time for a second request, had the first been sized before the plot was measured.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.audit.histogram).toHaveBeenCalledTimes(1);
    expect(api.audit.histogram.mock.calls[0]?.[0].buckets).toBe(Math.floor((PLOT_WIDTH - 60) / 6));
    // Main answers in order: the rows, which the administrator waits for, go first.
    const [firstRows] = api.audit.query.mock.invocationCallOrder;
    const [histogram] = api.audit.histogram.mock.invocationCallOrder;
    expect(firstRows).toBeLessThan(histogram ?? 0);
  });
});
