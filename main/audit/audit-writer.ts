import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/sqlite';
import type { AgentDictionary } from './audit-agents';
import type { CopiedEvent } from './audit-cache';
import { clampTs, orderKey } from './audit-order';
import { detailsText, eventTags } from './audit-text';
import { timestampMs } from './audit-time';

const INSERT_EVENT = `INSERT INTO audit_events (k, id, ts, timestamp, user_id, username, action, resource,
  resource_id, outcome, ip_address, agent, details, session_id, prev_hash, hash, extra)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;
const INSERT_TEXT = `INSERT INTO audit_text (rowid, username, action, resource, ip, details, tags)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/**
 * Writes events into the copy: the row, its user agent (once per distinct string) and its
 * free-text and tag entry. Runs inside the caller's transaction (AuditCache), which also
 * carries the cursor and chain state that cover these rows.
 */
export class EventWriter {
  private readonly insertEvent: Statement;
  private readonly insertText: Statement;

  constructor(
    db: Db,
    private readonly agents: AgentDictionary,
  ) {
    this.insertEvent = db.prepare(INSERT_EVENT);
    this.insertText = db.prepare(INSERT_TEXT);
  }

  /** Answers how many were new: an id held already is skipped, so nothing is ever held twice. */
  insert(events: readonly CopiedEvent[]): number {
    let inserted = 0;
    for (const e of events) {
      const parsed = timestampMs(e.timestamp);
      if (parsed === null) throw new Error(`Event ${e.id} has no readable time`);
      const ts = clampTs(parsed);
      const details = e.details === null ? null : JSON.stringify(e.details);
      const extra = e.extra === null ? null : JSON.stringify(e.extra);
      const agent = this.agents.idOf(e.user_agent);
      const k = this.insertRow(orderKey(ts, e.id), [
        e.id,
        ts,
        e.timestamp,
        e.user_id,
        e.username,
        e.action,
        e.resource,
        e.resource_id,
        e.outcome,
        e.ip_address,
        agent,
        details,
        e.session_id,
        e.prev_hash,
        e.hash,
        extra,
      ]);
      if (k === null) continue; // held already: the unique id makes a second copy impossible
      inserted += 1;
      const resource = e.resource_id === null ? e.resource : `${e.resource ?? ''} ${e.resource_id}`;
      this.insertText.run(
        k,
        e.username,
        e.action,
        resource,
        e.ip_address,
        e.details === null ? null : detailsText(e.details),
        eventTags(e, agent),
      );
    }
    return inserted;
  }

  /** Inserts a row under key `k`, stepping past a key another event holds; null when the id is held. */
  private insertRow(k: number, values: unknown[]): number | null {
    for (let key = k, tries = 0; ; key += 1, tries += 1) {
      try {
        return this.insertEvent.run(key, ...values).changes === 0 ? null : key;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || tries >= 4096) throw error;
      }
    }
  }
}
