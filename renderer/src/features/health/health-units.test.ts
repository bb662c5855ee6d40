import { describe, expect, it } from 'vitest';
import { formatValue } from './health-units';

describe('formatValue', () => {
  it('writes each panel unit', () => {
    expect(formatValue(12.345, 'requests_per_second')).toBe('12.3 req/s');
    expect(formatValue(1234.5, 'requests_per_second')).toBe('1235 req/s');
    expect(formatValue(0.5, 'per_second')).toBe('0.5/s');
    expect(formatValue(0.25, 'seconds')).toBe('250 ms');
    expect(formatValue(1.5, 'seconds')).toBe('1.5 s');
    expect(formatValue(0.0004, 'seconds')).toBe('400 µs');
    expect(formatValue(0.042, 'ratio')).toBe('4.2%');
    expect(formatValue(0.85, 'ratio')).toBe('85%');
  });

  it('scales bytes by 1024', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(2048, 'bytes')).toBe('2 KiB');
    expect(formatValue(150 * 1024 * 1024, 'bytes')).toBe('150 MiB');
    expect(formatValue(1.5 * 1024 ** 3, 'bytes')).toBe('1.5 GiB');
  });

  it('shortens plain numbers and marks missing values', () => {
    expect(formatValue(4200, 'plain')).toBe('4.2k');
    expect(formatValue(3, 'plain')).toBe('3');
    expect(formatValue(null, 'ratio')).toBe('–');
    expect(formatValue(Number.NaN, 'bytes')).toBe('–');
  });
});
