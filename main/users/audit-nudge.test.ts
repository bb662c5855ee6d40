import { describe, expect, it } from 'vitest';
import type { AuditStatus } from '../../shared/domain/audit-query';
import { MemoryLogger } from '../log/logger';
import { AuditNudge } from './audit-nudge';

type State = AuditStatus['state'];

/** An audit copy whose syncs finish when the test says. */
function fakeAudit(initial: State = 'idle') {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  let state: State = initial;
  let fail: Error | null = null;
  return {
    calls,
    setState: (next: State) => (state = next),
    failWith: (error: Error) => (fail = error),
    finishOne: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    audit: {
      status: (environmentId: string) => ({ environmentId, state }) as AuditStatus,
      syncNow: (environmentId: string) => {
        calls.push(environmentId);
        if (fail !== null) return Promise.reject(fail);
        return new Promise<AuditStatus>((resolve) => pending.push(() => resolve({} as AuditStatus)));
      },
    },
  };
}

describe('the audit sync after a write', () => {
  it('syncs once, and folds writes made meanwhile into one more sync', async () => {
    const fake = fakeAudit();
    const nudge = new AuditNudge({ audit: fake.audit, log: new MemoryLogger() });
    nudge.nudge('prod');
    nudge.nudge('prod');
    nudge.nudge('prod');
    nudge.nudge('test');
    expect(fake.calls).toEqual(['prod', 'test']);
    await fake.finishOne(); // prod's first
    expect(fake.calls).toEqual(['prod', 'test', 'prod']);
    await fake.finishOne(); // test's
    await fake.finishOne(); // prod's second
    await nudge.settled();
    expect(fake.calls).toEqual(['prod', 'test', 'prod']);
  });

  it('syncs once more when it joined a sync already running (it may have missed the event)', async () => {
    const fake = fakeAudit('syncing');
    const nudge = new AuditNudge({ audit: fake.audit, log: new MemoryLogger() });
    nudge.nudge('prod');
    fake.setState('idle');
    await fake.finishOne();
    expect(fake.calls).toEqual(['prod', 'prod']);
    await fake.finishOne();
    await nudge.settled();
    expect(fake.calls).toHaveLength(2);
  });

  it('only logs a failure, and does nothing once closed', async () => {
    const fake = fakeAudit();
    const log = new MemoryLogger();
    const nudge = new AuditNudge({ audit: fake.audit, log });
    fake.failWith(new Error('signed out'));
    nudge.nudge('prod');
    await nudge.settled();
    expect(log.lines.map((line) => [line.level, line.message])).toEqual([
      ['info', 'users: the audit copy could not sync after a change'],
    ]);
    nudge.close();
    nudge.nudge('prod');
    expect(fake.calls).toEqual(['prod']);
  });
});
