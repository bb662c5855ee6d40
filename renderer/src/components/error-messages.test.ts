import { describe, expect, it } from 'vitest';
import { ERROR_CODES, OppError } from '../../../shared/errors';
import { ERROR_ADVICE, describeError, fieldIssues } from './error-messages';

describe('error messages', () => {
  it('has a plain sentence for every code', () => {
    for (const code of ERROR_CODES) expect(ERROR_ADVICE[code]).toMatch(/^[A-Z].+\.$/);
  });

  it('tells what to do when offline', () => {
    expect(describeError(new OppError('OFFLINE', 'connect ECONNREFUSED')).advice).toBe(
      'The server cannot be reached. Check your network; the console will retry.',
    );
  });

  it('does not promise a retry for writes', () => {
    expect(describeError(new OppError('OFFLINE', 'x'), { write: true }).advice).not.toMatch(/will retry/);
  });

  it("keeps main's message as detail, and uses Retry-After", () => {
    const described = describeError(new OppError('RATE_LIMITED', 'Slow down.', { retryAfterSeconds: 12 }));
    expect(described.advice).toBe(
      'The server is receiving too many requests. Wait 12 seconds, then try again.',
    );
    expect(described.detail).toBe('Slow down.');
  });

  it('treats anything else as an internal error', () => {
    expect(describeError(new TypeError('x is undefined'))).toEqual({
      code: 'INTERNAL',
      advice: ERROR_ADVICE.INTERNAL,
      detail: 'x is undefined',
    });
    expect(describeError('a string').detail).toBeNull();
  });

  it('reads field issues from VALIDATION only', () => {
    const error = new OppError('VALIDATION', 'Not accepted.', {
      issues: [
        { path: 'auditSyncIntervalMinutes', message: 'Use whole minutes.' },
        { path: 'auditSyncIntervalMinutes', message: 'second issue, same field' },
        { path: 'theme', message: 'Pick a theme.' },
      ],
    });
    expect(fieldIssues(error)).toEqual({
      auditSyncIntervalMinutes: 'Use whole minutes.',
      theme: 'Pick a theme.',
    });
    expect(fieldIssues(new OppError('FORBIDDEN', 'No.'))).toEqual({});
  });
});
