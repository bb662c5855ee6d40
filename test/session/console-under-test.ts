import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices, KEYCHAIN_SERVICE, type ComposedServices } from '../../main/compose';
import { MemoryLogger } from '../../main/log/logger';
import { loadKeytar } from '../../main/secrets/load-keytar';
import { keychainAccounts } from '../../main/session/token-record';
import type { CallName } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import type { PushEventName } from '../../shared/ipc/push-events';

export interface ConsoleUnderTest {
  services: ComposedServices;
  dataFolder: string;
  log: MemoryLogger;
  pushes: { name: PushEventName; payload: unknown }[];
  dialogAnswers: (string | null)[];
  call(name: CallName, input?: unknown): Promise<Envelope<unknown>>;
  /** Like `call`, but returns the data and throws on a failure envelope. */
  ok<T = unknown>(name: CallName, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Main's composed services, as Electron and the harness build them, with the real keytar
 * (a private Secret Service when run by `npm test`), in a data folder of the test's.
 */
export async function startConsole(
  options: { dataFolder?: string; keychain?: boolean } = {},
): Promise<ConsoleUnderTest> {
  const dataFolder = options.dataFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'opp-console-'));
  const log = new MemoryLogger();
  const pushes: ConsoleUnderTest['pushes'] = [];
  const dialogAnswers: (string | null)[] = [];
  const next = (): Promise<string | null> => Promise.resolve(dialogAnswers.shift() ?? null);
  const services = await composeServices({
    facts: {
      name: 'OPP Console',
      version: '0.0.0-test',
      electronVersion: null,
      dataFolder,
      logFolder: path.join(dataFolder, 'logs'),
    },
    log,
    openFolder: () => Promise.resolve(),
    push: (name, payload) => pushes.push({ name, payload }),
    dialogs: { chooseSaveFile: next, chooseOpenFile: next },
    loadKeychain: async () => (options.keychain === false ? null : loadKeytar()),
  });
  await services.restored;
  const call = (name: CallName, input?: unknown): Promise<Envelope<unknown>> =>
    services.dispatcher.dispatch(name, input, { transport: 'http' });
  return {
    services,
    dataFolder,
    log,
    pushes,
    dialogAnswers,
    call,
    async ok<T>(name: CallName, input?: unknown): Promise<T> {
      const answer = await call(name, input);
      if (!answer.ok) throw new Error(`${name} failed: ${answer.error.code} ${answer.error.message}`);
      return answer.data as T;
    },
    stop: () => services.dispose(),
  };
}

/** The keychain entries this data folder owns, read back through keytar itself. */
export async function keychainEntries(dataFolder: string): Promise<{ account: string; password: string }[]> {
  const keytar = await loadKeytar();
  const ours = keychainAccounts(dataFolder).ours;
  return (await keytar.findCredentials(KEYCHAIN_SERVICE)).filter((c) => ours(c.account));
}

/** Fails clearly when no Secret Service answers: `npm test` runs the suite inside one. */
export async function requireKeyring(): Promise<void> {
  try {
    const keytar = await loadKeytar();
    await keytar.findCredentials('opp-console-probe');
  } catch (error) {
    throw new Error(
      `These tests need a Secret Service (gnome-keyring in a D-Bus session). Run them through \`npm test\`, which starts one. (${String(error)})`,
      { cause: error },
    );
  }
}

export function environmentDraft(apiUrl: string, name = 'Local') {
  return {
    name,
    apiUrl,
    prometheus: null,
    alertmanager: null,
    caFile: null,
    colour: 'blue',
    isProduction: false,
  };
}

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}
