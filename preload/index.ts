import { contextBridge, ipcRenderer } from 'electron';
import type { CallName } from '../shared/ipc/contract';
import { callChannel, createBridge, PUSH_CHANNEL } from '../shared/ipc/opp-api';
import { isPushEventName, type PushEventName } from '../shared/ipc/push-events';

/*
 * Exposes `window.opp` and nothing else: one function per contract call, plus event
 * subscriptions. The renderer never sees ipcRenderer, a channel name or a generic invoke.
 */
const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(PUSH_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isPushEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = createBridge({
  invoke: (name: CallName, input: unknown) => ipcRenderer.invoke(callChannel(name), input),
  subscribe: (name, listener) => {
    let set = listeners.get(name);
    if (set === undefined) {
      set = new Set();
      listeners.set(name, set);
    }
    set.add(listener);
    // The same function object is removed: no wrapper that could leak.
    return () => {
      set.delete(listener);
    };
  },
});

contextBridge.exposeInMainWorld('opp', bridge);
