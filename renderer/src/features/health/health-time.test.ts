import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  fromLocalInputValue,
  rangeKey,
  resolveRange,
  timeAxisTicks,
  toLocalInputValue,
} from './health-time';

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

describe('time axis ticks', () => {
  const at = (day: number, hours: number, minutes = 0, seconds = 0): number =>
    new Date(2026, 4, day, hours, minutes, seconds).getTime();

  it('puts a few ticks on round local times, whatever the range', () => {
    // 5 minutes from 14:02:30: one a minute.
    expect(timeAxisTicks(at(3, 14, 2, 30), at(3, 14, 7, 30), 8)).toEqual([
      at(3, 14, 3),
      at(3, 14, 4),
      at(3, 14, 5),
      at(3, 14, 6),
      at(3, 14, 7),
    ]);
    // An hour with room for 5 ticks: every 15 minutes.
    expect(timeAxisTicks(at(3, 14, 2), at(3, 15, 2), 5)).toEqual([
      at(3, 14, 15),
      at(3, 14, 30),
      at(3, 14, 45),
      at(3, 15, 0),
    ]);
    // 7 days with room for 8: local midnights.
    const week = timeAxisTicks(at(3, 14), at(10, 14), 8);
    expect(week).toEqual([4, 5, 6, 7, 8, 9, 10].map((day) => at(day, 0)));
  });

  it('never offers more ticks than asked, even for the longest ranges', () => {
    const start = at(1, 0);
    for (const days of [1 / 24, 1, 7, 90, 400]) {
      const ticks = timeAxisTicks(start, start + days * 24 * 3600_000, 6);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
    }
    expect(timeAxisTicks(5, 5, 6)).toEqual([]);
  });
});
