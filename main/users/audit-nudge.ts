import type { AuditStatus } from '../../shared/domain/audit-query';
import type { Logger } from '../log/logger';

export interface AuditNudgeDeps {
  audit: {
    status(environmentId: string): AuditStatus;
    syncNow(environmentId: string): Promise<AuditStatus>;
  };
  log: Logger;
}

/** Runs after one write at most: a first sync, one more for a joined run, one for writes meanwhile. */
const MAX_ROUNDS = 3;

/**
 * Asks the audit copy to sync after a write, so the event the write caused shows in the
 * activity soon rather than at the next scheduled sync. `syncNow` joins a sync that is already
 * running, and that one may have read past the server's newest event before the write landed:
 * so when the copy was busy at the time, one more sync follows. Writes made while a nudge runs
 * fold into one extra round instead of queueing a sync each. Failures are only logged: a write
 * has succeeded whatever the copy does, and the audit screen shows the copy's own state.
 */
export class AuditNudge {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  private closed = false;

  constructor(private readonly deps: AuditNudgeDeps) {}

  nudge(environmentId: string): void {
    if (this.closed) return;
    const run = this.running.get(environmentId);
    if (run !== undefined) {
      run.again = true;
      return;
    }
    const state = { again: false, done: Promise.resolve() };
    this.running.set(environmentId, state);
    state.done = this.rounds(environmentId, state).finally(() => this.running.delete(environmentId));
  }

  /** Resolves when the nudges running now have finished (tests, and quitting). */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((run) => run.done));
  }

  close(): void {
    this.closed = true;
  }

  private async rounds(environmentId: string, state: { again: boolean }): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS && !this.closed; round += 1) {
      state.again = false;
      try {
        const busy = this.deps.audit.status(environmentId).state;
        if (busy === 'syncing' || busy === 'backing_off') state.again = true;
        await this.deps.audit.syncNow(environmentId);
      } catch (error) {
        this.deps.log.info('users: the audit copy could not sync after a change', {
          env: environmentId,
          error,
        });
        return;
      }
      if (!state.again) return;
    }
  }
}
