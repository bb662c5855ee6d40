import fs from 'node:fs';
import path from 'node:path';
import { OppError } from '../../shared/errors';
import type {
  ConnectionReport,
  Environment,
  EnvironmentDraft,
  EnvironmentView,
} from '../../shared/domain/environment';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import { trustedCas } from '../http/http-client';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { SessionManager } from '../session/session-manager';
import type { KeychainAccounts } from '../session/token-record';
import { writeFileAtomic } from '../storage/json-file';
import { monitoringAuthHeader, type ClientRegistry, type MonitoringKind } from './client-registry';
import { checkConnection } from './connection-test';
import type { EnvironmentStore } from './environment-store';
import {
  environmentIdFor,
  MAX_IMPORT_BYTES,
  parseEnvironmentFile,
  serialiseEnvironments,
} from './environment-transfer';

/** Native file dialogs; the test harness answers them from a queue. */
export interface FileDialogs {
  chooseSaveFile(options: { title: string; defaultName: string }): Promise<string | null>;
  chooseOpenFile(options: { title: string }): Promise<string | null>;
}

export interface EnvironmentServiceDeps {
  store: EnvironmentStore;
  secrets: SecretStore;
  accounts: KeychainAccounts;
  clients: ClientRegistry;
  sessions: SessionManager;
  dialogs: FileDialogs;
  /** Folder of the per-environment cache files, removed with the environment. */
  cacheFolder: string;
  /** Closes the cache files a service holds open for an environment, just before they are removed. */
  releaseCaches?: (environmentId: string) => void;
  push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  log: Logger;
}

const KINDS: MonitoringKind[] = ['prometheus', 'alertmanager'];

/** Environments as the administrator manages them: the store, their secrets, their sessions. */
export class EnvironmentService {
  constructor(private readonly deps: EnvironmentServiceDeps) {}

  async list(): Promise<EnvironmentView[]> {
    // One keychain listing for all environments: each keychain call can cost a D-Bus round trip.
    const accounts = new Set(await this.deps.secrets.list());
    return this.deps.store.list().map((environment) => this.view(environment, accounts));
  }

  async save(draft: EnvironmentDraft): Promise<EnvironmentView> {
    const existing = draft.id === undefined ? null : this.deps.store.require(draft.id);
    if (draft.caFile !== null) trustedCas(draft.caFile); // a clear VALIDATION error now, not at first use
    const taken = new Set(this.deps.store.list().map((e) => e.id));
    const environment: Environment = {
      id: existing?.id ?? environmentIdFor(draft.name, taken),
      name: draft.name,
      apiUrl: draft.apiUrl,
      prometheus:
        draft.prometheus === null
          ? null
          : { url: draft.prometheus.url, auth: draft.prometheus.auth, username: draft.prometheus.username },
      alertmanager:
        draft.alertmanager === null
          ? null
          : {
              url: draft.alertmanager.url,
              auth: draft.alertmanager.auth,
              username: draft.alertmanager.username,
            },
      caFile: draft.caFile,
      colour: draft.colour,
      isProduction: draft.isProduction,
      position: existing?.position ?? this.deps.store.nextPosition(),
    };
    this.deps.store.save(environment);
    for (const kind of KINDS) {
      const target = draft[kind];
      const account = this.deps.accounts.monitoring(environment.id, kind);
      if (target === null || target.auth === 'none' || target.secret === null)
        await this.deps.secrets.delete(account);
      else if (target.secret !== undefined) await this.deps.secrets.set(account, target.secret);
    }
    this.deps.clients.invalidate(environment.id);
    // A new address may be another server: a session signed in elsewhere must not follow it.
    if (existing !== null && existing.apiUrl !== environment.apiUrl)
      await this.deps.sessions.forget(environment.id);
    this.deps.log.info('environments: saved', { env: environment.id, created: existing === null });
    this.deps.push('cache.invalidated', { environmentId: null, scope: 'environments' });
    return this.view(environment, new Set(await this.deps.secrets.list()));
  }

  async delete(id: string): Promise<void> {
    this.deps.store.require(id);
    await this.deps.sessions.signOut(id);
    for (const account of (await this.deps.secrets.list()).filter(this.deps.accounts.ofEnvironment(id))) {
      await this.deps.secrets.delete(account);
    }
    this.deps.clients.invalidate(id);
    // Synchronously from here on, so no request can reopen a file between its release and removal
    // (an open file cannot be removed on Windows).
    this.deps.releaseCaches?.(id);
    for (const file of fs.existsSync(this.deps.cacheFolder) ? fs.readdirSync(this.deps.cacheFolder) : []) {
      // Every cache file of the environment: `<id>.sqlite` (audit), `<id>.health.sqlite`, their
      // -wal and -shm. Ids cannot contain a dot, so `<id>.` never matches another environment.
      if (file.startsWith(`${id}.`)) fs.rmSync(path.join(this.deps.cacheFolder, file));
    }
    this.deps.store.delete(id);
    this.deps.log.info('environments: deleted', { env: id });
    this.deps.push('cache.invalidated', { environmentId: null, scope: 'environments' });
  }

  reorder(ids: readonly string[]): void {
    this.deps.store.reorder(ids);
    this.deps.push('cache.invalidated', { environmentId: null, scope: 'environments' });
  }

  /** Checks every configured server of a draft, in parallel, without saving anything. */
  async testConnection(draft: EnvironmentDraft): Promise<ConnectionReport> {
    const stored = draft.id === undefined ? null : this.deps.store.get(draft.id);
    const checks = [checkConnection({ target: 'api', url: draft.apiUrl, caFile: draft.caFile, headers: {} })];
    for (const kind of KINDS) {
      const target = draft[kind];
      if (target === null) continue;
      let secret: string | null = target.secret ?? null;
      if (target.secret === undefined && stored !== null) {
        secret = await this.deps.secrets.get(this.deps.accounts.monitoring(stored.id, kind));
      }
      checks.push(
        checkConnection({
          target: kind,
          url: target.url,
          caFile: draft.caFile,
          headers: monitoringAuthHeader(target, secret),
        }),
      );
    }
    try {
      return { checks: await Promise.all(checks) };
    } catch (error) {
      // Only a CA file that cannot be read gets here (the checks report everything else).
      if (error instanceof OppError) throw error;
      throw new OppError('INTERNAL', 'The connection test could not run.');
    }
  }

  async exportToFile(): Promise<{ file: string | null; count: number }> {
    const file = await this.deps.dialogs.chooseSaveFile({
      title: 'Export environments',
      defaultName: 'opp-environments.json',
    });
    if (file === null) return { file: null, count: 0 };
    const environments = this.deps.store.list();
    try {
      writeFileAtomic(file, serialiseEnvironments(environments, new Date()));
    } catch (error) {
      this.deps.log.warn('environments: export failed', { error });
      throw new OppError('VALIDATION', `The file ${file} could not be written. Choose another folder.`);
    }
    return { file, count: environments.length };
  }

  async importFromFile(): Promise<{
    file: string | null;
    added: string[];
    skipped: { name: string; reason: string }[];
  }> {
    const file = await this.deps.dialogs.chooseOpenFile({ title: 'Import environments' });
    if (file === null) return { file: null, added: [], skipped: [] };
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_IMPORT_BYTES)
        throw new OppError('VALIDATION', 'This file is too large to be an export.');
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof OppError) throw error;
      throw new OppError('VALIDATION', `The file ${file} cannot be read.`);
    }
    const parsed = parseEnvironmentFile(text);
    const names = new Set(this.deps.store.list().map((e) => e.name.toLowerCase()));
    const added: string[] = [];
    const skipped = [...parsed.invalid];
    for (const entry of parsed.valid) {
      if (names.has(entry.name.toLowerCase())) {
        skipped.push({ name: entry.name, reason: 'An environment with this name exists already.' });
        continue;
      }
      const taken = new Set(this.deps.store.list().map((e) => e.id));
      this.deps.store.save({
        ...entry,
        id: environmentIdFor(entry.name, taken),
        position: this.deps.store.nextPosition(),
      });
      names.add(entry.name.toLowerCase());
      added.push(entry.name);
    }
    if (added.length > 0) this.deps.push('cache.invalidated', { environmentId: null, scope: 'environments' });
    return { file, added, skipped };
  }

  private view(environment: Environment, accounts: ReadonlySet<string>): EnvironmentView {
    const withSecretFlag = (kind: MonitoringKind) => {
      const target = environment[kind];
      return target === null
        ? null
        : { ...target, hasSecret: accounts.has(this.deps.accounts.monitoring(environment.id, kind)) };
    };
    return {
      ...environment,
      prometheus: withSecretFlag('prometheus'),
      alertmanager: withSecretFlag('alertmanager'),
    };
  }
}
