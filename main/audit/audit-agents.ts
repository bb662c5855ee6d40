import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/sqlite';

/** Entries kept in memory each way; a server sending endless distinct agents only costs lookups. */
const REMEMBERED = 10_000;

/**
 * User agents, stored once each. A log repeats a few hundred user-agent strings a million
 * times, and each is 10 to 25 words: kept per event they were half of the free-text index and a
 * sixth of the file. Here each distinct string has an id, its own small FTS index, and events
 * carry the id (and a `g<id>` tag in the event index, so a word found in an agent is a tag query).
 */
export class AgentDictionary {
  private readonly ids = new Map<string, number>();
  private readonly texts = new Map<number, string>();
  private readonly find: Statement<[string], { id: number }>;
  private readonly read: Statement<[number], { agent: string }>;
  private readonly add: Statement<[string]>;
  private readonly addText: Statement<[number, string]>;
  private readonly search: Statement<[string], { id: number }>;

  constructor(private readonly db: Db) {
    this.find = db.prepare('SELECT id FROM audit_agents WHERE agent = ?');
    this.read = db.prepare('SELECT agent FROM audit_agents WHERE id = ?');
    this.add = db.prepare('INSERT INTO audit_agents (agent) VALUES (?)');
    this.addText = db.prepare('INSERT INTO audit_agent_text (rowid, agent) VALUES (?, ?)');
    this.search = db.prepare('SELECT rowid AS id FROM audit_agent_text WHERE audit_agent_text MATCH ?');
  }

  /** The id of an agent string, adding it (call inside the page's transaction). */
  idOf(agent: string | null): number | null {
    if (agent === null) return null;
    const known = this.ids.get(agent) ?? this.find.get(agent)?.id;
    if (known !== undefined) {
      this.remember(agent, known);
      return known;
    }
    const id = Number(this.add.run(agent).lastInsertRowid);
    this.addText.run(id, agent);
    this.remember(agent, id);
    return id;
  }

  textOf(id: number | null): string | null {
    if (id === null) return null;
    const known = this.texts.get(id) ?? this.read.get(id)?.agent;
    if (known === undefined) return null;
    this.remember(known, id);
    return known;
  }

  /** Ids of the agents an FTS5 expression matches (a quoted word, maybe a prefix). */
  matching(expression: string): number[] {
    return this.search.all(expression).map((row) => row.id);
  }

  /** After a rolled-back transaction or a reset: what is in memory may no longer be in the file. */
  forget(): void {
    this.ids.clear();
    this.texts.clear();
  }

  private remember(agent: string, id: number): void {
    if (this.ids.size >= REMEMBERED) this.forget();
    this.ids.set(agent, id);
    this.texts.set(id, agent);
  }
}
