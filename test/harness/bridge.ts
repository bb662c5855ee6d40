import type { CallName } from '../../shared/ipc/contract';
import { createBridge } from '../../shared/ipc/opp-api';
import { isPushEventName, type PushEventName } from '../../shared/ipc/push-events';

/*
 * The harness' stand-in for the preload: it defines `window.opp` in a plain browser, with the
 * same shape (built by the same createBridge), carried over loopback HTTP instead of IPC.
 * The per-run key in the page's meta tag keeps other local pages from calling the harness.
 */
const key = document.querySelector<HTMLMetaElement>('meta[name="opp-harness-key"]')?.content ?? '';

const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();
let source: EventSource | null = null;

function ensureEventSource(): void {
  if (source !== null) return;
  source = new EventSource(`/__harness/events?key=${encodeURIComponent(key)}`);
  source.onmessage = (message: MessageEvent<string>) => {
    const { name, payload } = JSON.parse(message.data) as { name: unknown; payload: unknown };
    if (!isPushEventName(name)) return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
}

const unreachable = {
  ok: false,
  error: { code: 'INTERNAL', message: "The console's main process is not answering. Restart the console." },
};

async function invoke(name: CallName, input: unknown): Promise<unknown> {
  try {
    const response = await fetch(`/__harness/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opp-harness-key': key },
      body: JSON.stringify(input === undefined ? {} : { input }),
    });
    // A call that answers nothing arrives without its data key (JSON drops undefined): the
    // renderer's envelope check accepts that, as it must for any JSON transport.
    return (await response.json()) as unknown;
  } catch {
    return unreachable;
  }
}

const bridge = createBridge({
  invoke,
  subscribe: (name, listener) => {
    ensureEventSource();
    let set = listeners.get(name);
    if (set === undefined) {
      set = new Set();
      listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(window, 'opp', { value: Object.freeze(bridge), writable: false, configurable: false });
