import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { PushEventPayload } from '../../../../shared/ipc/push-events';
import { useOpp } from '../../app/opp-context';
import { auditKeys } from './audit-queries';

export interface TaskProgress {
  done: number;
  total: number | null;
  eventsPerSecond: number | null;
}

export interface SyncProgress {
  /** The copy running now (`audit_sync`), or null. */
  sync: TaskProgress | null;
  /** The chain check running now (`audit_verify`), or null. */
  verify: TaskProgress | null;
}

const IDLE: SyncProgress = { sync: null, verify: null };

/** Seconds left at the present pace, or null when it cannot be told. */
export function secondsLeft(progress: TaskProgress): number | null {
  if (progress.total === null || progress.eventsPerSecond === null || progress.eventsPerSecond <= 0)
    return null;
  return Math.max(0, (progress.total - progress.done) / progress.eventsPerSecond);
}

/**
 * Live progress of the environment's copy and chain check, from main's `sync.progress` pushes.
 * When a task finishes, the status is asked for again (main also says `cache.invalidated`).
 */
export function useSyncProgress(environmentId: EnvironmentId): SyncProgress {
  const opp = useOpp();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<SyncProgress & { environmentId: EnvironmentId }>({
    ...IDLE,
    environmentId,
  });

  useEffect(
    () =>
      opp.events.on('sync.progress', (event: PushEventPayload<'sync.progress'>) => {
        if (event.environmentId !== environmentId) return;
        const task = event.task === 'audit_sync' ? 'sync' : 'verify';
        const value = event.finished
          ? null
          : { done: event.done, total: event.total, eventsPerSecond: event.eventsPerSecond };
        setProgress((current) => ({
          ...(current.environmentId === environmentId ? current : IDLE),
          environmentId,
          [task]: value,
        }));
        if (event.finished) void queryClient.invalidateQueries({ queryKey: auditKeys.status(environmentId) });
      }),
    [opp, queryClient, environmentId],
  );

  return progress.environmentId === environmentId ? { sync: progress.sync, verify: progress.verify } : IDLE;
}
