import fs from 'node:fs';
import path from 'node:path';
import type { AuditFilter, AuditRow, AuditStatus, AuditWindow } from '../../shared/domain/audit-query';
import { OppError } from '../../shared/errors';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { FileDialogs } from '../environments/environment-service';
import type { EnvironmentStore } from '../environments/environment-store';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../services/settings-store';
import type { SessionChange, SessionManager } from '../session/session-manager';
import { AuditCache, type SyncMode } from './audit-cache';
import { exportAudit, type ExportReport } from './audit-export';
import { DEFAULT_RETRY, type AuditGet, type RetryPolicy } from './audit-fetch';
import { AuditHistogram } from './audit-histogram';
import { AuditQueries, type AuditOrder } from './audit-query';
import { deleteQuery, listSavedQueries, saveQuery, type SavedQuery } from './audit-saved';
import { AuditProgress } from './audit-progress';
import { describeCopy } from './audit-status';
import { AuditTask } from './audit-task';
import { verifyCopy } from './audit-verify';

export interface AuditServiceDeps {
  /** `<dataFolder>/cache`: each environment's file is `<id>.sqlite` (removed with the environment). */
  cacheFolder: string;
  environments: EnvironmentStore;
  sessions: SessionManager;
  settings: SettingsStore;
  dialogs: FileDialogs;
  push: <E extends PushEventName>(name: E, payload: PushEventPayload<E>) => void;
  log: Logger;
  now?: () => number;
  retry?: RetryPolicy;
}

/** One environment's copy, opened on first use and kept open (queries are many and small). */
interface Copy {
  cache: AuditCache;
  queries: AuditQueries;
  histogram: AuditHistogram;
}

/**
 * The audit copies of every environment: opens their cache files, runs their syncs (at
 * sign-in, every `auditSyncIntervalMinutes` while signed in, and on demand), and answers the
 * audit screen's reads, which need no session.
 */
export class AuditService {
  private readonly copies = new Map<string, Copy>();
  private readonly tasks = new Map<string, AuditTask>();
  private readonly stopListening: () => void;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly deps: AuditServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.stopListening = deps.sessions.onChange((change) => this.onSession(change));
  }

  status(environmentId: string): AuditStatus {
    this.deps.environments.require(environmentId);
    return describeCopy(
      environmentId,
      this.copy(environmentId, false)?.cache ?? null,
      this.task(environmentId).state,
    );
  }

  /** Brings the copy up to date now; joins a sync that is already running. */
  async syncNow(environmentId: string): Promise<AuditStatus> {
    this.deps.environments.require(environmentId);
    this.modeOf(environmentId); // says at once why not: signed out, or no audit API
    await this.task(environmentId).sync();
    return this.status(environmentId);
  }

  async verify(environmentId: string): Promise<AuditStatus> {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    if (copy !== null) {
      const progress = new AuditProgress(environmentId, 'audit_verify', this.deps.push, this.now);
      await this.task(environmentId).exclusive('verify', (signal) =>
        verifyCopy(copy.cache, signal, (done, total, finished) =>
          progress.report(done, total, null, finished),
        ),
      );
    }
    return this.status(environmentId);
  }

  /**
   * A narrower horizon drops older events now; a wider one (or none) starts the copy afresh,
   * since the events it now wants were never fetched. A running sync is stopped first: it
   * resumes exactly where it was, so stopping costs nothing.
   */
  async setHorizon(environmentId: string, days: number | null): Promise<AuditStatus> {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, true);
    if (copy === null) throw this.gone();
    const task = this.task(environmentId);
    task.stop();
    await task.exclusive('maintain', () => {
      const record = copy.cache.sync();
      const before = record.horizonDays;
      const wider = days === null ? before !== null : before !== null && days > before;
      copy.cache.setHorizon(days);
      if (wider && record.mode !== null && record.server !== null)
        copy.cache.reset(record.mode, record.server);
      else if (days !== null) copy.cache.prune(this.now() - days * 24 * 3600 * 1000);
      return Promise.resolve();
    });
    this.deps.push('cache.invalidated', { environmentId, scope: 'audit' });
    if (this.deps.sessions.get(environmentId) !== null) task.schedule(0);
    return this.status(environmentId);
  }

  query(
    environmentId: string,
    filter: AuditFilter,
    order: AuditOrder,
    after: { timestamp: string; id: number } | null,
    limit: number,
  ): AuditWindow {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    if (copy === null) return { rows: [], next: null, total: after === null ? 0 : null };
    return copy.queries.window(filter, order, after, limit);
  }

  histogram(environmentId: string, filter: AuditFilter, buckets: number) {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    return copy === null ? { bucketMs: 0, buckets: [] } : copy.histogram.compute(filter, buckets);
  }

  event(environmentId: string, id: number): AuditRow | null {
    this.deps.environments.require(environmentId);
    return this.copy(environmentId, false)?.queries.event(id) ?? null;
  }

  export(environmentId: string, filter: AuditFilter, format: 'csv' | 'json'): Promise<ExportReport> {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    return exportAudit({
      environmentId,
      filter,
      format,
      source: copy,
      dialogs: this.deps.dialogs,
      log: this.deps.log,
      now: this.now,
    });
  }

  savedQueries(environmentId: string): SavedQuery[] {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    return copy === null ? [] : listSavedQueries(copy.cache.db);
  }

  saveQuery(environmentId: string, name: string, filter: AuditFilter): SavedQuery[] {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, true);
    if (copy === null) throw this.gone();
    copy.cache.exclusiveWrite(() =>
      saveQuery(copy.cache.db, name, filter, new Date(this.now()).toISOString()),
    );
    return listSavedQueries(copy.cache.db);
  }

  deleteQuery(environmentId: string, name: string): SavedQuery[] {
    this.deps.environments.require(environmentId);
    const copy = this.copy(environmentId, false);
    if (copy === null) return [];
    copy.cache.exclusiveWrite(() => deleteQuery(copy.cache.db, name));
    return listSavedQueries(copy.cache.db);
  }

  /**
   * Closes an environment's copy at once and stops its jobs: the environment is being deleted,
   * with its files, in the same synchronous step (EnvironmentService.delete), so nothing can
   * reopen the file in between. A job still awaiting the network finds its signal aborted.
   */
  release(environmentId: string): void {
    this.tasks.get(environmentId)?.abandon();
    this.tasks.delete(environmentId);
    this.copies.get(environmentId)?.cache.close();
    this.copies.delete(environmentId);
  }

  /** At quit: stops every job, waits for each to let go of its file, and closes the files. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopListening();
    await Promise.all([...this.tasks.values()].map((task) => task.dispose()));
    this.tasks.clear();
    for (const copy of this.copies.values()) copy.cache.close();
    this.copies.clear();
  }

  private onSession(change: SessionChange): void {
    const id = change.environmentId;
    if (this.disposed || this.deps.environments.get(id) === null) return;
    const task = this.task(id);
    if (change.signedIn) task.schedule(0);
    else task.stop();
  }

  private modeOf(environmentId: string): SyncMode {
    const session = this.deps.sessions.get(environmentId);
    if (session === null)
      throw new OppError('AUTH_REQUIRED', 'Sign in to copy new events; the local copy stays readable.');
    if (session.capabilities.includes('audit_cursor')) return 'cursor';
    if (session.capabilities.includes('audit_legacy')) return 'legacy';
    throw new OppError(
      'UNSUPPORTED_BY_SERVER',
      'This server offers no audit log the console can read (neither the cursor API nor the legacy list).',
    );
  }

  /** What a sync run needs, read when it starts (the session may have changed since it was queued). */
  private prepareRun(environmentId: string) {
    const environment = this.deps.environments.require(environmentId);
    const mode = this.modeOf(environmentId);
    const copy = this.copy(environmentId, true);
    if (copy === null) throw this.gone();
    const get: AuditGet = (urlPath, query, schema, signal) =>
      this.deps.sessions.fetchChecked(
        environmentId,
        // A page of 5000 events is a few MB: give a slow link more than the default 15 s.
        { method: 'GET', path: urlPath, query, signal, timeoutMs: 60_000, keepBytes: true },
        schema,
      );
    return { cache: copy.cache, get, mode, server: environment.apiUrl };
  }

  private task(environmentId: string): AuditTask {
    let task = this.tasks.get(environmentId);
    if (task === undefined) {
      task = new AuditTask({
        environmentId,
        log: this.deps.log,
        intervalMs: () => this.deps.settings.get().auditSyncIntervalMinutes * 60_000,
        signedIn: () => this.deps.sessions.get(environmentId) !== null,
        prepare: () => this.prepareRun(environmentId),
        retry: this.deps.retry ?? DEFAULT_RETRY,
        now: this.now,
        push: this.deps.push,
      });
      this.tasks.set(environmentId, task);
    }
    return task;
  }

  private copy(environmentId: string, create: boolean): Copy | null {
    const open = this.copies.get(environmentId);
    if (open !== undefined) return open;
    if (this.disposed) return null;
    const file = path.join(this.deps.cacheFolder, `${environmentId}.sqlite`);
    if (!create && !fs.existsSync(file)) return null;
    const cache = new AuditCache(file);
    const queries = new AuditQueries(cache);
    const copy = { cache, queries, histogram: new AuditHistogram(cache, queries) };
    this.copies.set(environmentId, copy);
    return copy;
  }

  private gone(): OppError {
    return new OppError('NOT_FOUND', 'This environment is being removed.');
  }
}
