import { describe, expect, it } from 'vitest';
import { formatLocalTime, formatSeconds, formatTimeAgo, formatTimeUntil } from './time-words';

const NOW = new Date(2031, 4, 6, 14, 20, 0);

describe('time words', () => {
  it('says how long until a moment', () => {
    expect(formatTimeUntil(new Date(NOW.getTime() + 20_000), NOW)).toBe('in less than a minute');
    expect(formatTimeUntil(new Date(NOW.getTime() + 60_000), NOW)).toBe('in 1 minute');
    expect(formatTimeUntil(new Date(NOW.getTime() + 12 * 60_000 + 10_000), NOW)).toBe('in 12 minutes');
    expect(formatTimeUntil(new Date(NOW.getTime() + 125 * 60_000), NOW)).toBe('in 2 hours 5 minutes');
    expect(formatTimeUntil(new Date(NOW.getTime() - 1), NOW)).toBe('now');
  });

  it('gives a time today, and a date with the time on another day', () => {
    const later = new Date(2031, 4, 6, 14, 32);
    expect(formatLocalTime(later, NOW)).toBe(
      later.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }),
    );
    expect(formatLocalTime(new Date(2031, 4, 7, 9, 0), NOW)).toContain('2031');
  });

  it('says how long ago a moment was', () => {
    const ago = (ms: number): string => formatTimeAgo(new Date(NOW.getTime() - ms), NOW);
    expect(ago(-5000)).toBe('just now');
    expect(ago(59_000)).toBe('just now');
    expect(ago(60_000)).toBe('1 minute ago');
    expect(ago(5 * 60_000 + 30_000)).toBe('5 minutes ago');
    expect(ago(3 * 3600_000)).toBe('3 hours ago');
    expect(ago(2 * 86_400_000)).toBe('2 days ago');
    expect(ago(90 * 86_400_000)).toBe('2 months ago');
    expect(ago(800 * 86_400_000)).toBe('2 years ago');
  });

  it('counts seconds in words', () => {
    expect(formatSeconds(1)).toBe('1 second');
    expect(formatSeconds(2.2)).toBe('3 seconds');
    expect(formatSeconds(65)).toBe('1 minute 5 seconds');
    expect(formatSeconds(120)).toBe('2 minutes');
    expect(formatSeconds(-4)).toBe('0 seconds');
  });
});
