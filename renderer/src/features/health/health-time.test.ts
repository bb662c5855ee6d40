import { describe, expect, it } from 'vitest';
import { formatAgo, fromLocalInputValue, rangeKey, resolveRange, toLocalInputValue } from './health-time';

describe('time ranges', () => {
  it('slides a preset with the clock and keeps a custom range fixed', () => {
    expect(resolveRange({ kind: 'preset', preset: '7d' }, 1_000_000_000_000)).toEqual({
      start: 1_000_000_000_000 - 7 * 24 * 3600_000,
      end: 1_000_000_000_000,
    });
    expect(resolveRange({ kind: 'custom', start: 5, end: 9 }, 1e12)).toEqual({ start: 5, end: 9 });
    expect(rangeKey({ kind: 'preset', preset: '5m' })).toEqual({ preset: '5m' });
  });

  it('reads and writes datetime-local values in local time', () => {
    const ms = new Date(2026, 0, 2, 3, 4).getTime();
    expect(toLocalInputValue(ms)).toBe('2026-01-02T03:04');
    expect(fromLocalInputValue('2026-01-02T03:04')).toBe(ms);
    expect(fromLocalInputValue('')).toBeNull();
  });

  it('says how long ago', () => {
    const now = new Date(2026, 0, 2, 12, 0);
    expect(formatAgo(new Date(now.getTime() - 5000), now)).toBe('just now');
    expect(formatAgo(new Date(now.getTime() - 4 * 60_000), now)).toBe('4 min ago');
    expect(formatAgo(new Date(now.getTime() - 3 * 3600_000), now)).toBe('3 h ago');
    expect(formatAgo(new Date(now.getTime() - 3 * 24 * 3600_000), now)).toBe('3 d ago');
  });
});
