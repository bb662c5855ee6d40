import { describe, expect, it } from 'vitest';
import { OppError, type ErrorCode } from '../../../shared/errors';
import { createQueryClient, retryDelayMs, shouldRetryQuery } from './query-client';

describe('query client defaults', () => {
  it.each<ErrorCode>(['OFFLINE', 'UPSTREAM', 'RATE_LIMITED'])('retries %s a few times', (code) => {
    const error = new OppError(code, 'x');
    expect(shouldRetryQuery(0, error)).toBe(true);
    expect(shouldRetryQuery(2, error)).toBe(true);
    expect(shouldRetryQuery(3, error)).toBe(false);
  });

  it.each<ErrorCode>([
    'VALIDATION',
    'FORBIDDEN',
    'AUTH_REQUIRED',
    'SESSION_EXPIRED',
    'NOT_FOUND',
    'INTERNAL',
  ])('never retries %s', (code) => {
    expect(shouldRetryQuery(0, new OppError(code, 'x'))).toBe(false);
  });

  it('never retries a plain Error (a bug, not a passing failure)', () => {
    expect(shouldRetryQuery(0, new Error('undefined is not a function'))).toBe(false);
  });

  it("waits as long as the server's Retry-After, within a limit", () => {
    expect(retryDelayMs(0, new OppError('RATE_LIMITED', 'x', { retryAfterSeconds: 7 }))).toBe(7000);
    expect(retryDelayMs(0, new OppError('RATE_LIMITED', 'x', { retryAfterSeconds: 3600 }))).toBe(30_000);
    expect(retryDelayMs(1, new OppError('OFFLINE', 'x'))).toBe(2000);
    expect(retryDelayMs(10, new OppError('OFFLINE', 'x'))).toBe(30_000);
  });

  it('runs queries whatever navigator.onLine says, and never retries writes', () => {
    const defaults = createQueryClient().getDefaultOptions();
    expect(defaults.queries?.networkMode).toBe('always');
    expect(defaults.queries?.retry).toBe(shouldRetryQuery);
    expect(defaults.mutations?.retry).toBe(false);
    expect(defaults.mutations?.networkMode).toBe('always');
  });
});
