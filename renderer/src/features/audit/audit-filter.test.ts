import { describe, expect, it } from 'vitest';
import {
  filterChips,
  fromLocalInput,
  isEmptyFilter,
  normalizeFilter,
  toLocalInput,
  withAction,
  withUsername,
} from './audit-filter';
import { formatEventTime } from './audit-words';

describe('audit filter', () => {
  it('drops empty parts, so that equal filters are equal keys', () => {
    expect(normalizeFilter({ usernames: [], text: '  ', resource: ' user ', ipPrefix: '' })).toEqual({
      resource: 'user',
    });
    expect(isEmptyFilter({ actions: [], text: ' ' })).toBe(true);
    expect(isEmptyFilter({ outcome: 'failure' })).toBe(false);
  });

  it('adds a username or action once', () => {
    expect(withUsername(withUsername({}, 'alice'), 'alice')).toEqual({ usernames: ['alice'] });
    expect(withAction({ actions: ['logout'] }, 'login_failed')).toEqual({
      actions: ['logout', 'login_failed'],
    });
  });

  it('makes one chip per part, each removing only itself', () => {
    const filter = normalizeFilter({
      usernames: ['alice', 'bob'],
      actions: ['login_failed'],
      outcome: 'failure',
      resource: 'user',
      ipPrefix: '10.2.',
      from: '2026-01-01T00:00:00.000Z',
      text: 'timeout',
    });
    const chips = filterChips(filter);
    expect(chips.map((chip) => chip.label)).toEqual([
      'User: alice',
      'User: bob',
      'Action: login_failed',
      'Outcome: failure',
      'Resource: user',
      'IP: 10.2.',
      `Time: since ${formatEventTime('2026-01-01T00:00:00.000Z')}`,
    ]);
    const withoutBob = chips[1]?.remove(filter);
    expect(withoutBob?.usernames).toEqual(['alice']);
    expect(withoutBob?.text).toBe('timeout');
    expect(chips[6]?.remove(filter).from).toBeUndefined();
    expect(filterChips({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' })[0]?.label).toBe(
      `Time: ${formatEventTime('2026-01-01T00:00:00.000Z')} – ${formatEventTime('2026-01-02T00:00:00.000Z')}`,
    );
  });

  it('converts between ISO times and local datetime inputs', () => {
    const iso = new Date(2026, 2, 12, 14, 32).toISOString();
    expect(toLocalInput(iso)).toBe('2026-03-12T14:32');
    expect(fromLocalInput('2026-03-12T14:32')).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a time')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });
});
