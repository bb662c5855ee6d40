import { useCallback } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { useUiStore } from '../../app/ui-store-context';

/**
 * The audit event another area asked the Audit area to open (an audit marker on a health chart
 * was clicked). The Audit area reads it when it opens, shows the event, then clears it with
 * `clearPendingAuditEvent()`.
 */
export interface PendingAuditEvent {
  environmentId: EnvironmentId;
  eventId: number;
}

interface AuditEventLinkState {
  pendingAuditEvent: PendingAuditEvent | null;
}

export const auditEventLinkStore = createStore<AuditEventLinkState>()(() => ({ pendingAuditEvent: null }));

export function requestAuditEvent(pending: PendingAuditEvent): void {
  auditEventLinkStore.setState({ pendingAuditEvent: pending });
}

export function clearPendingAuditEvent(): void {
  auditEventLinkStore.setState({ pendingAuditEvent: null });
}

/** The event waiting to be opened in the Audit area, or null. */
export function usePendingAuditEvent(): PendingAuditEvent | null {
  return useStore(auditEventLinkStore, (state) => state.pendingAuditEvent);
}

/** Opens an audit event in the Audit area: remembers it, then switches area. */
export function useOpenAuditEvent(environmentId: EnvironmentId): (eventId: number) => void {
  const showArea = useUiStore((state) => state.showArea);
  return useCallback(
    (eventId: number) => {
      requestAuditEvent({ environmentId, eventId });
      showArea('audit');
    },
    [environmentId, showArea],
  );
}
