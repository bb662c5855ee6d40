import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { AuditCache } from './audit-cache';
import type { EventRow } from './audit-query';
import { CHAIN_START, ChainVerifier, type ChainBreak, type ChainedEvent } from './audit-chain';
import { stopped } from './audit-fetch';

/** A stored row with its kept-aside unknown fields (`extra`), as the chain check reads it. */
type StoredRow = Omit<EventRow, 'k'> & { extra: string | null };

/** An event rebuilt exactly as the server sent it, so its hash can be recomputed. */
export function chainedEvent(row: StoredRow, agentText: (id: number | null) => string | null): ChainedEvent {
  const { extra, details, agent, ...fields } = row;
  return {
    ...(extra === null ? {} : (JSON.parse(extra) as Record<string, unknown>)),
    ...fields,
    user_agent: agentText(agent),
    details: details === null ? null : (JSON.parse(details) as unknown),
  };
}

const CHUNK = 5000;

/**
 * Re-checks the whole copy from its first event, in id order and in chunks (the main thread
 * answers the renderer between chunks), then replaces the chain state and its breaks in one
 * transaction. Nothing is written if the check is stopped half-way.
 */
export async function verifyCopy(
  cache: AuditCache,
  signal: AbortSignal,
  progress: (done: number, total: number, finished: boolean) => void,
): Promise<void> {
  const total = cache.sync().eventsHeld;
  const read = cache.db.prepare<[number, number], StoredRow>(
    `SELECT id, timestamp, user_id, username, action, resource, resource_id, outcome, ip_address, agent,
       details, session_id, prev_hash, hash, extra FROM audit_events WHERE id > ? ORDER BY id LIMIT ?`,
  );
  // A copy cut by a horizon (now or before) cannot reach the log's first event: start from its own.
  const anchored = cache.sync().horizonDays !== null || cache.chainPoint().anchored;
  const verifier = new ChainVerifier(CHAIN_START, anchored);
  const breaks: ChainBreak[] = [];
  let afterId = 0;
  let done = 0;
  for (;;) {
    if (signal.aborted) throw stopped();
    const rows = read.all(afterId, CHUNK);
    for (const row of rows) {
      const broken = verifier.check(chainedEvent(row, (id) => cache.agents.textOf(id)));
      if (broken !== null) breaks.push(broken);
    }
    done += rows.length;
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    afterId = last.id;
    progress(done, Math.max(total, done), false);
    await yieldToEvents();
  }
  cache.replaceChain(verifier.current, breaks);
  progress(done, done, true);
}
