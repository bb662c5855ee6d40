import type { AppOrigin } from './app-origin';

/** The parts of an IPC event the check needs (an `IpcMainInvokeEvent` has them). */
export interface SenderFacts {
  sender: { id: number; mainFrame: unknown };
  senderFrame: { url: string } | null;
}

/**
 * An IPC message is trusted only when it comes from our own window's web contents, from its
 * main frame (not an iframe), at our own origin. Anything else is dropped by the adapter.
 */
export function isTrustedSender(
  event: SenderFacts,
  windowContentsId: number | null,
  origin: AppOrigin,
): boolean {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false;
  const frame = event.senderFrame;
  if (frame === null || frame !== event.sender.mainFrame) return false;
  return origin.owns(frame.url);
}
