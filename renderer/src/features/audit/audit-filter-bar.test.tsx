import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import { AuditFilterBar, SEARCH_DEBOUNCE_MS } from './audit-filter-bar';

beforeEach(() => {
  // Only the debounce's timers: React keeps its own scheduling. Keys are typed with fireEvent,
  // which waits on no timer.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function renderBar(filter: AuditFilter = {}) {
  const onFilterChange = vi.fn<(filter: AuditFilter) => void>();
  const view = render(<AuditFilterBar filter={filter} onFilterChange={onFilterChange} />);
  const box = screen.getByLabelText('Search events');
  const typeTo = (value: string): void => {
    fireEvent.change(box, { target: { value } });
  };
  return { onFilterChange, view, box, typeTo };
}

describe('audit search box', () => {
  it('searches only when typing pauses for the debounce time', () => {
    const { onFilterChange, typeTo } = renderBar({ outcome: 'failure' });
    typeTo('m');
    act(() => {
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10);
    });
    typeTo('ma');
    act(() => {
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10);
    });
    typeTo('mal');
    act(() => {
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    });
    expect(onFilterChange).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(onFilterChange).toHaveBeenCalledTimes(1);
    expect(onFilterChange).toHaveBeenCalledWith({ outcome: 'failure', text: 'mal' });
  });

  it('searches at once on Enter, and follows a filter changed elsewhere', () => {
    const { onFilterChange, view, box, typeTo } = renderBar();
    typeTo('bob');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onFilterChange).toHaveBeenCalledWith({ text: 'bob' });

    view.rerender(<AuditFilterBar filter={{ text: 'carol' }} onFilterChange={onFilterChange} />);
    expect(box).toHaveValue('carol');
    view.rerender(<AuditFilterBar filter={{}} onFilterChange={onFilterChange} />);
    expect(box).toHaveValue('');
  });
});
