import { describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import { serverAnswered } from './session-manager';

describe('what a failed call says about the server being there', () => {
  it('counts answers, refusals included, and neither a lost connection nor a call cancelled here', () => {
    expect(serverAnswered(new OppError('FORBIDDEN', 'no'))).toBe(true);
    expect(serverAnswered(new OppError('UPSTREAM', 'The server answered 502.'))).toBe(true);
    expect(serverAnswered(new OppError('RATE_LIMITED', 'slow down'))).toBe(true);
    expect(serverAnswered(new OppError('OFFLINE', 'unreachable'))).toBe(false);
    // The audit sync cancels its requests ahead when it ends, also when it ended offline.
    expect(serverAnswered(new OppError('UPSTREAM', 'The request was cancelled.', { cancelled: true }))).toBe(
      false,
    );
    expect(serverAnswered(new Error('not ours'))).toBe(false);
  });
});
