import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { OppError } from '../../shared/errors';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { Logger } from '../log/logger';
import type { AuditCache } from './audit-cache';
import { stopped, type RetryPolicy } from './audit-fetch';
import { AuditInvalidation, AuditProgress } from './audit-progress';
import type { RunState } from './audit-status';
import { runSync, type SyncRunOptions } from './audit-sync';

/** What one sync run needs from the service; thrown errors (signed out, unsupported) end the run. */
export type PrepareRun = () => Pick<SyncRunOptions, 'cache' | 'get' | 'mode' | 'server'>;

export interface AuditTaskDeps {
  environmentId: string;
  log: Logger;
  intervalMs: () => number;
  signedIn: () => boolean;
  prepare: PrepareRun;
  retry: RetryPolicy;
  now: () => number;
  push: <E extends PushEventName>(name: E, payload: PushEventPayload<E>) => void;
}

type Kind = 'sync' | 'verify' | 'maintain';

/**
 * One environment's work on its copy, one job at a time (sync, verification, horizon change,
 * index merging), and its schedule: a sync at sign-in, then every interval while signed in.
 * Each job gets an AbortSignal; stopping a sync is always safe because it resumes exactly.
 */
export class AuditTask {
  state: RunState = 'idle';
  private queue: Promise<void> = Promise.resolve();
  private current: { kind: Kind; abort: AbortController } | null = null;
  private pendingSync: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(private readonly deps: AuditTaskDeps) {}

  /** Queues a job behind the others; it runs alone on this environment's copy. */
  exclusive<T>(kind: Kind, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.disposed) throw stopped();
      const abort = new AbortController();
      this.current = { kind, abort };
      try {
        return await job(abort.signal);
      } finally {
        this.current = null;
      }
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** A sync: joins the one queued or running, else queues one. Rejects with the reason it stopped. */
  sync(): Promise<void> {
    // Index merging yields to a sync: it picks up where it stopped after the next one.
    if (this.current?.kind === 'maintain' && this.pendingSync === null) this.current.abort.abort();
    this.pendingSync ??= this.exclusive('sync', (signal) => this.runOnce(signal)).finally(() => {
      this.pendingSync = null;
    });
    return this.pendingSync;
  }

  /** Stops a running sync (sign-out, a horizon change); it resumes exactly at the next run. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.current?.kind === 'sync') this.current.abort.abort();
  }

  /** The next sync in `delayMs` (0: now); each tick schedules the following one while signed in. */
  schedule(delayMs: number): void {
    if (this.disposed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  /** Stops everything now; jobs still queued will not start. */
  abandon(): void {
    this.disposed = true;
    this.stop();
    this.current?.abort.abort();
  }

  /** Stops everything and waits until no job touches the copy any more. */
  async dispose(): Promise<void> {
    this.abandon();
    await this.queue;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.disposed || !this.deps.signedIn()) return;
    try {
      await this.sync();
    } catch {
      // Recorded in the copy's status and logged by runOnce; the next tick tries again.
    }
    if (!this.disposed && this.deps.signedIn() && this.timer === null) this.schedule(this.deps.intervalMs());
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    const { environmentId, log, now } = this.deps;
    const prepared = this.deps.prepare();
    const progress = new AuditProgress(environmentId, 'audit_sync', this.deps.push, now);
    const invalidation = new AuditInvalidation(environmentId, this.deps.push, now);
    const started = now();
    this.state = 'syncing';
    invalidation.flush(); // the status changed
    let copied = 0;
    try {
      copied = await runSync({
        ...prepared,
        environmentId,
        signal,
        retry: this.deps.retry,
        log,
        now,
        progress: (p) => progress.report(p.done, p.total, p.eventsPerSecond, false),
        landed: () => invalidation.landed(),
        backingOff: (waiting) => {
          this.state = waiting ? 'backing_off' : 'syncing';
          if (waiting) log.debug('audit: backing off', { env: environmentId });
        },
      });
      prepared.cache.recordRun({ caughtUpAt: new Date(now()).toISOString() });
      this.state = 'idle';
      log.info('audit: copy up to date', { env: environmentId, copied, ms: now() - started });
    } catch (error) {
      if (signal.aborted) {
        this.state = 'idle';
        log.info('audit: sync stopped', { env: environmentId });
        return;
      }
      const message =
        error instanceof OppError
          ? error.message
          : 'The copy stopped on an unexpected problem. The details are in the log.';
      if (prepared.cache.db.open) prepared.cache.recordRun({ error: message });
      this.state = 'error';
      log.warn('audit: sync failed', { env: environmentId, error });
      throw error;
    } finally {
      const seconds = (now() - started) / 1000;
      progress.report(copied, copied, seconds > 0 ? Math.round(copied / seconds) : null, true);
      invalidation.flush();
    }
    if (copied > 0) void this.exclusive('maintain', (s) => tidy(prepared.cache, s)).catch(() => undefined);
  }
}

/** Merges the FTS index's segments in small steps after rows landed (queries read fewer segments). */
async function tidy(cache: AuditCache, signal: AbortSignal): Promise<void> {
  for (let step = 0; step < 100_000 && !signal.aborted && cache.db.open; step += 1) {
    if (!cache.mergeText(64)) return;
    await yieldToEvents();
  }
}
