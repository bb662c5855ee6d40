import { describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import { CALL_NAMES, ipcContract, type CallName } from '../../shared/ipc/contract';
import { MemoryLogger } from '../log/logger';
import { createDispatcher, type CallHandlers } from './dispatcher';

const ctx = { transport: 'ipc' } as const;

/** Calls a test does not exercise fail loudly if reached. */
const unused = Object.fromEntries(
  CALL_NAMES.map((name) => [
    name,
    () => {
      throw new Error(`${name} is not part of this test`);
    },
  ]),
) as unknown as CallHandlers;

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  const base: Partial<CallHandlers> = {
    'app.info': () => ({
      name: 'OPP Console',
      version: '1.2.3',
      platform: 'linux',
      arch: 'x64',
      electronVersion: null,
      nodeVersion: '22.0.0',
      dataFolder: '/data',
      logFolder: '/logs',
    }),
    'app.openLogFolder': () => undefined,
    'settings.get': () => ({ theme: 'system', auditSyncIntervalMinutes: 1 }),
    'settings.update': (patch) => ({ theme: 'system', auditSyncIntervalMinutes: 1, ...patch }),
  };
  return { ...unused, ...base, ...overrides };
}

/** Inputs no call accepts: wrong types, prototype tricks, oversized junk. */
const MALFORMED: unknown[] = [
  42,
  'x'.repeat(10_000),
  [1, 2, 3],
  { __proto__: { theme: 'dark' }, theme: 7 },
  { theme: 'purple' },
  { unexpectedField: true },
  { auditSyncIntervalMinutes: 0 },
  { auditSyncIntervalMinutes: 1.5 },
];

function rejects(name: CallName, input: unknown): boolean {
  return !ipcContract[name].input.safeParse(input).success;
}

describe('dispatcher', () => {
  it('answers a valid call with its data', async () => {
    const dispatcher = createDispatcher(handlers(), new MemoryLogger());
    const answer = await dispatcher.dispatch('app.info', undefined, ctx);
    expect(answer).toEqual({ ok: true, data: expect.objectContaining({ version: '1.2.3' }) });
  });

  it.each(CALL_NAMES)(
    'rejects malformed input for %s with VALIDATION, without running the handler',
    async (name) => {
      let ran = 0;
      const counting = Object.fromEntries(
        CALL_NAMES.map((n) => [
          n,
          () => {
            ran += 1;
            return handlers()[n];
          },
        ]),
      ) as unknown as CallHandlers;
      const dispatcher = createDispatcher(counting, new MemoryLogger());
      const bad = MALFORMED.filter((input) => rejects(name, input));
      expect(bad.length).toBeGreaterThan(3);
      for (const input of bad) {
        const answer = await dispatcher.dispatch(name, input, ctx);
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error.code).toBe('VALIDATION');
      }
      expect(ran).toBe(0);
    },
  );

  it('names the field that failed', async () => {
    const dispatcher = createDispatcher(handlers(), new MemoryLogger());
    const answer = await dispatcher.dispatch('settings.update', { auditSyncIntervalMinutes: 0 }, ctx);
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ path: 'auditSyncIntervalMinutes', message: 'Sync at most once a minute.' }] },
      },
    });
  });

  it('rejects a call name the contract does not have', async () => {
    const log = new MemoryLogger();
    const dispatcher = createDispatcher(handlers(), log);
    for (const name of ['app.quit', '__proto__', 'constructor', 42, null]) {
      const answer = await dispatcher.dispatch(name, undefined, ctx);
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(log.lines.filter((l) => l.message.includes('unknown call'))).toHaveLength(5);
  });

  it('passes a typed error through with its code and details', async () => {
    const dispatcher = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new OppError('RATE_LIMITED', 'Slow down.', { retryAfterSeconds: 5 });
        },
      }),
      new MemoryLogger(),
    );
    const answer = await dispatcher.dispatch('settings.get', undefined, ctx);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Slow down.', details: { retryAfterSeconds: 5 } },
    });
  });

  it('turns an unexpected exception into INTERNAL with a log line and no stack trace', async () => {
    const log = new MemoryLogger();
    const dispatcher = createDispatcher(
      handlers({
        'app.info': () => {
          throw new TypeError('cannot read properties of undefined (secret path /home/x)');
        },
      }),
      log,
    );
    const answer = await dispatcher.dispatch('app.info', undefined, ctx);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INTERNAL');
    expect(JSON.stringify(answer)).not.toMatch(/TypeError|cannot read|at .*\(|\/home\/x/);
    expect(log.lines.some((l) => l.level === 'error' && l.message.includes('handler threw'))).toBe(true);
  });

  it('does not send an answer that breaks the contract', async () => {
    const log = new MemoryLogger();
    const broken = handlers({
      'settings.get': () => ({ theme: 'neon', auditSyncIntervalMinutes: 1 }) as never,
    });
    const answer = await createDispatcher(broken, log).dispatch('settings.get', undefined, ctx);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(log.lines.some((l) => l.message.includes('does not match the contract'))).toBe(true);
  });
});
