import type { Envelope } from './envelope';
import { unwrapEnvelope } from './envelope';
import { CALL_NAMES, type CallInput, type CallName, type CallOutput } from './contract';
import { pushEventContract, type PushEventName, type PushEventPayload } from './push-events';

/** Each call's IPC channel; one per call so main registers exactly the contract's calls. */
export function callChannel(name: CallName): string {
  return `opp:call:${name}`;
}
/** The one channel main pushes events on; the event's name travels with it. */
export const PUSH_CHANNEL = 'opp:push';

type DomainOf<N> = N extends `${infer D}.${string}` ? D : never;
type ActionOf<N, D extends string> = N extends `${D}.${infer A}` ? A : never;

/** A call with no input is called with no argument. */
type CallFn<N extends CallName, R> = [CallInput<N>] extends [undefined]
  ? () => Promise<R>
  : (input: CallInput<N>) => Promise<R>;

type Unsubscribe = () => void;

/** Subscriptions to main's push events; `on` returns the function that ends the subscription. */
export interface EventSubscriptions {
  on<E extends PushEventName>(name: E, listener: (payload: PushEventPayload<E>) => void): Unsubscribe;
}

/**
 * `window.opp`: what the preload (or the test harness' bridge) exposes. Shaped by domain,
 * derived from the contract. Answers are envelopes because contextBridge drops an error's
 * custom properties: `createOppApi` turns them back into typed errors on the renderer side.
 */
export type OppBridge = {
  [D in DomainOf<CallName>]: { [N in CallName as ActionOf<N, D>]: CallFn<N, Envelope<CallOutput<N>>> };
} & { events: EventSubscriptions };

/** The API the renderer programs against: same shape, answers unwrapped, failures thrown as OppError. */
export type OppApi = {
  [D in DomainOf<CallName>]: { [N in CallName as ActionOf<N, D>]: CallFn<N, CallOutput<N>> };
} & { events: EventSubscriptions };

/** How a bridge reaches main: Electron IPC in the preload, loopback HTTP in the test harness. */
export interface BridgeTransport {
  invoke(name: CallName, input: unknown): Promise<unknown>;
  subscribe(name: PushEventName, listener: (payload: unknown) => void): Unsubscribe;
}

function splitName(name: CallName): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function buildNested(
  wrap: (name: CallName) => (input?: unknown) => Promise<unknown>,
): Record<string, Record<string, unknown>> {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of CALL_NAMES) {
    const [domain, action] = splitName(name);
    (api[domain] ??= {})[action] = wrap(name);
  }
  return api;
}

/** Builds `window.opp` over a transport. Every function is specific to one call: no generic invoke. */
export function createBridge(transport: BridgeTransport): OppBridge {
  const api = buildNested((name) => (input?: unknown) => transport.invoke(name, input));
  const events: EventSubscriptions = {
    on: (name, listener) => transport.subscribe(name, listener as (payload: unknown) => void),
  };
  return { ...api, events } as unknown as OppBridge;
}

/** Wraps the bridge for the renderer: unwraps envelopes and checks push payloads against the contract. */
export function createOppApi(bridge: OppBridge): OppApi {
  const raw = bridge as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const api = buildNested((name) => {
    const [domain, action] = splitName(name);
    return async (input?: unknown) => {
      const fn = raw[domain]?.[action];
      if (fn === undefined) throw new Error(`window.opp has no ${name}: the preload is out of date.`);
      return unwrapEnvelope(await fn(input));
    };
  });
  const events: EventSubscriptions = {
    on: (name, listener) =>
      bridge.events.on(name, (payload) => {
        const parsed = pushEventContract[name].safeParse(payload);
        if (parsed.success) listener(parsed.data as PushEventPayload<typeof name>);
      }),
  };
  return { ...api, events } as unknown as OppApi;
}
