import type { Migration } from '../storage/sqlite';

/**
 * The schema of an environment's cache file (`cache/<environmentId>.sqlite`). Today it holds
 * the audit copy only; other cached data (users, roles) will add migrations here.
 *
 * Choices, measured on a million events (see bench/audit.bench.ts and the report of issue 5):
 * - The rowid `k` is the display order itself: `ts * 2^21 + (id mod 2^21)`, i.e. time, then id.
 *   Newest-first and oldest-first windows, time ranges and keyset cursors are then all rowid
 *   ranges, on the table and on the FTS index alike, so a window stops after `limit` rows
 *   instead of sorting every match. `id` is UNIQUE (the copy's identity, and the dedupe).
 * - Filters are not B-tree indexes: an index on a column with many values (usernames, IPs)
 *   dirties thousands of random pages per page of events and made the sync 3x slower. The
 *   FTS5 table carries, besides the free-text columns, a `tags` column of exact-match tokens
 *   (`u`/`a`/`o`/`r`/`i` + hex of username, action, outcome, resource, IP; `g` + the user agent's id), so any combination
 *   of filters and words is one FTS5 query, intersected in C, ordered by rowid.
 * - FTS5 is contentless (`contentless_delete=1`): the sync writes the text itself (the values
 *   of `details`, not its keys and punctuation), no triggers run and no text is stored twice.
 *   `detail=full` keeps positions: phrases ("bad_password" is `bad password` to the tokenizer)
 *   and `^` (IP prefixes) need them.
 * - User agents are stored once each (audit-agents.ts): they were half of the index's words.
 * - `ts` (clamped to 0..2^42 ms) has an index for counts and histograms over a time range.
 * - Chain marks are not stored per row: they derive from `audit_chain` and `audit_chain_breaks`
 *   (see audit-cache.ts), so a full re-verification rewrites a few rows, not a million.
 */
export const CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE audit_events (
          k INTEGER PRIMARY KEY,   -- the order key: see above
          id INTEGER NOT NULL UNIQUE,
          ts INTEGER NOT NULL,
          timestamp TEXT NOT NULL,
          user_id INTEGER,
          username TEXT,
          action TEXT NOT NULL,
          resource TEXT,
          resource_id TEXT,
          outcome TEXT,
          ip_address TEXT,
          agent INTEGER,         -- audit_agents.id of the user agent
          details TEXT,          -- JSON object, or NULL
          session_id TEXT,
          prev_hash TEXT,
          hash TEXT,
          extra TEXT             -- JSON of fields this console does not know: the hash covers them
        ) STRICT;
        CREATE INDEX audit_events_ts ON audit_events (ts);

        CREATE VIRTUAL TABLE audit_text USING fts5(
          username, action, resource, ip, details, tags,
          content = '', contentless_delete = 1
        );

        -- Each distinct user agent once, with its own word index (see audit-agents.ts).
        CREATE TABLE audit_agents (id INTEGER PRIMARY KEY, agent TEXT NOT NULL UNIQUE) STRICT;
        CREATE VIRTUAL TABLE audit_agent_text USING fts5(agent, content = '', contentless_delete = 1);
        -- Fewer, larger merges while a big copy lands (measured: 1.6x faster inserts at 1M rows);
        -- the sync merges the segments down when it has caught up.
        INSERT INTO audit_text (audit_text, rank) VALUES ('automerge', 16);
        INSERT INTO audit_text (audit_text, rank) VALUES ('hashsize', 16777216);

        -- One row: how the copy is fetched and how far it got.
        CREATE TABLE audit_sync (
          one INTEGER PRIMARY KEY CHECK (one = 1),
          mode TEXT,                       -- 'cursor' | 'legacy'; NULL before the first sync
          server TEXT,                     -- the API URL the copy came from
          after_id INTEGER NOT NULL,       -- cursor: the next after_id; legacy: newest id held with no gap below
          catchup_top INTEGER,             -- legacy: a catch-up in progress holds every id in [low, top]
          catchup_low INTEGER,
          catchup_count INTEGER,
          horizon_days INTEGER,
          events_held INTEGER NOT NULL,
          last_sync_at TEXT,
          last_error TEXT
        ) STRICT;
        INSERT INTO audit_sync (one, after_id, events_held) VALUES (1, 0, 0);

        -- One row: how far the hash chain has been checked.
        CREATE TABLE audit_chain (
          one INTEGER PRIMARY KEY CHECK (one = 1),
          checked_through_id INTEGER NOT NULL,   -- last id checked against the event before it
          last_hash TEXT,                        -- the hash the next event must link to
          verified_through_id INTEGER,           -- last id of the unbroken run from the first held
          anchored INTEGER NOT NULL              -- 1: the first held event's prev_hash was taken as given (horizon)
        ) STRICT;
        INSERT INTO audit_chain (one, checked_through_id, anchored) VALUES (1, 0, 0);

        CREATE TABLE audit_chain_breaks (
          id INTEGER PRIMARY KEY,
          timestamp TEXT NOT NULL,
          reason TEXT NOT NULL
        ) STRICT;

        CREATE TABLE audit_saved_queries (
          name TEXT PRIMARY KEY COLLATE NOCASE,
          filter TEXT NOT NULL,
          saved_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];
