import { describe, expect, it } from 'vitest';
import { summaryText } from './summary';

describe('summaryText', () => {
  it('says it as the platform says it', () => {
    expect(
      summaryText({ state: 'components', healthy: 5, total: 5 }, { state: 'targets', up: 4, total: 4 }),
    ).toBe('core 5/5 healthy, monitoring 4/4 up');
    expect(
      summaryText({ state: 'components', healthy: 4, total: 5 }, { state: 'targets', up: 3, total: 4 }),
    ).toBe('core 4/5 healthy, monitoring 3/4 up');
  });

  it('names the parts that are missing', () => {
    expect(summaryText({ state: 'unreachable' }, { state: 'targets', up: 3, total: 4 })).toBe(
      'core unreachable, monitoring 3/4 up',
    );
    expect(summaryText({ state: 'components', healthy: 5, total: 5 }, { state: 'not_configured' })).toBe(
      'core 5/5 healthy, monitoring not configured',
    );
    expect(summaryText({ state: 'basic', status: 'healthy' }, { state: 'unreachable' })).toBe(
      'core healthy (basic health only), monitoring unreachable',
    );
    expect(
      summaryText({ state: 'components', healthy: 0, total: 0 }, { state: 'targets', up: 0, total: 0 }),
    ).toBe('core reports no components, monitoring has no targets');
  });
});
