import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';

type Push = <E extends PushEventName>(name: E, payload: PushEventPayload<E>) => void;

/** How often progress may reach the renderer: often enough to look alive, rarely enough to cost nothing. */
const EVERY_MS = 250;

/** `sync.progress` for one run of a sync or a verification, throttled; the last report always goes out. */
export class AuditProgress {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly environmentId: string,
    private readonly task: 'audit_sync' | 'audit_verify',
    private readonly push: Push,
    private readonly now: () => number,
  ) {}

  report(done: number, total: number | null, eventsPerSecond: number | null, finished: boolean): void {
    const at = this.now();
    if (!finished && at - this.last < EVERY_MS) return;
    this.last = at;
    this.push('sync.progress', {
      environmentId: this.environmentId,
      task: this.task,
      done: Math.max(0, Math.round(done)),
      total: total === null ? null : Math.max(0, Math.round(total)),
      eventsPerSecond: eventsPerSecond === null ? null : Math.max(0, eventsPerSecond),
      finished,
    });
  }
}

/** `cache.invalidated` for the audit scope, at most once a second while rows land, and at the end. */
export class AuditInvalidation {
  private last = Number.NEGATIVE_INFINITY;
  private dirty = false;

  constructor(
    private readonly environmentId: string,
    private readonly push: Push,
    private readonly now: () => number,
  ) {}

  landed(): void {
    this.dirty = true;
    if (this.now() - this.last >= 1000) this.flush();
  }

  flush(): void {
    this.dirty = false;
    this.last = this.now();
    this.push('cache.invalidated', { environmentId: this.environmentId, scope: 'audit' });
  }

  flushIfDirty(): void {
    if (this.dirty) this.flush();
  }
}
