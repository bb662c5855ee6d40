import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AppInfo, Settings, SettingsPatch } from '../domain/app';
import { OppError } from '../errors';
import { CALL_NAMES, type CallName } from './contract';
import type { Envelope } from './envelope';
import { createBridge, createOppApi, type OppApi, type OppBridge } from './opp-api';

type Domains<N> = N extends `${infer D}.${string}` ? D : never;

describe('the API derived from the contract', () => {
  it('has one function per call, typed from the schemas (compile-time)', () => {
    expectTypeOf<keyof OppApi>().toEqualTypeOf<Domains<CallName> | 'events'>();
    expectTypeOf<OppApi['app']['info']>().toEqualTypeOf<() => Promise<AppInfo>>();
    expectTypeOf<OppApi['settings']['update']>().toEqualTypeOf<(input: SettingsPatch) => Promise<Settings>>();
    expectTypeOf<OppBridge['settings']['get']>().toEqualTypeOf<() => Promise<Envelope<Settings>>>();
    expectTypeOf<keyof OppBridge['app']>().toEqualTypeOf<'info' | 'openLogFolder'>();
  });

  it('builds exactly the contract calls at run time, each on its own name', async () => {
    const invoked: [string, unknown][] = [];
    const bridge = createBridge({
      invoke: (name, input) => {
        invoked.push([name, input]);
        return Promise.resolve({ ok: true, data: null });
      },
      subscribe: () => () => undefined,
    }) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;

    const built = Object.entries(bridge)
      .filter(([domain]) => domain !== 'events')
      .flatMap(([domain, calls]) => Object.keys(calls).map((action) => `${domain}.${action}`));
    expect(built.sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) {
      const [domain, action] = name.split('.') as [string, string];
      await bridge[domain]?.[action]?.({ probe: name });
    }
    expect(invoked.map(([name]) => name)).toEqual(CALL_NAMES);
  });

  it('unwraps answers and rethrows failures as OppError with their code and details', async () => {
    const bridge = createBridge({
      invoke: (name) =>
        Promise.resolve(
          name === 'settings.get'
            ? { ok: true, data: { theme: 'dark', auditSyncIntervalMinutes: 5 } }
            : {
                ok: false,
                error: {
                  code: 'VALIDATION',
                  message: 'No.',
                  details: { issues: [{ path: 'theme', message: 'bad' }] },
                },
              },
        ),
      subscribe: () => () => undefined,
    });
    const api = createOppApi(bridge);
    await expect(api.settings.get()).resolves.toEqual({ theme: 'dark', auditSyncIntervalMinutes: 5 });
    const failure = await api.settings.update({ theme: 'dark' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OppError);
    expect(failure).toMatchObject({
      code: 'VALIDATION',
      message: 'No.',
      details: { issues: [{ path: 'theme' }] },
    });
  });

  it('treats a malformed answer from main as INTERNAL', async () => {
    const api = createOppApi(
      createBridge({ invoke: () => Promise.resolve({ surprise: true }), subscribe: () => () => undefined }),
    );
    await expect(api.app.info()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers only push payloads that match the contract, and unsubscribes', () => {
    const listeners = new Set<(payload: unknown) => void>();
    const api = createOppApi(
      createBridge({
        invoke: () => Promise.resolve({ ok: true, data: null }),
        subscribe: (_name, listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }),
    );
    const got: unknown[] = [];
    const off = api.events.on('connectivity.changed', (payload) => got.push(payload));
    for (const listener of listeners) {
      listener({ environmentId: 'prod', online: false });
      listener({ environmentId: 'Not An Id!', online: 'maybe' });
    }
    expect(got).toEqual([{ environmentId: 'prod', online: false }]);
    off();
    expect(listeners.size).toBe(0);
  });
});
