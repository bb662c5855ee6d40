import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES } from '../../shared/ipc/contract';
import { callChannel, PUSH_CHANNEL } from '../../shared/ipc/opp-api';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { Dispatcher } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';

export interface IpcAdapterDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Dispatcher;
  isTrusted(event: IpcMainInvokeEvent): boolean;
  log: Logger;
}

/**
 * Registers one handler per contract call, each going through the dispatcher. This file and
 * the preload are the only places that touch raw IPC. Returns a function that unregisters.
 */
export function registerIpcHandlers(deps: IpcAdapterDeps): () => void {
  for (const name of CALL_NAMES) {
    deps.ipcMain.handle(callChannel(name), (event, input: unknown) => {
      if (!deps.isTrusted(event)) {
        deps.log.warn('ipc: dropped a call from an untrusted sender', {
          call: name,
          senderId: event.sender.id,
        });
        throw new Error('Refused.');
      }
      return deps.dispatcher.dispatch(name, input, { transport: 'ipc' });
    });
  }
  return () => {
    for (const name of CALL_NAMES) deps.ipcMain.removeHandler(callChannel(name));
  };
}

/**
 * Sends push events to the window. Events only say what changed, so one that arrives before
 * the renderer has loaded is dropped: a renderer that loads afterwards fetches fresh data anyway.
 */
export function createPushSender(getContents: () => WebContents | null, log: Logger) {
  return function push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void {
    const contents = getContents();
    if (contents === null || contents.isDestroyed() || contents.isLoading()) {
      log.debug('ipc: push event before the renderer is ready, dropped', { event: name });
      return;
    }
    contents.send(PUSH_CHANNEL, name, payload);
  };
}
