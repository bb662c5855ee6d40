import path from 'node:path';
import { openDatabase, type Db, type Migration } from './sqlite';

/**
 * The console's own database (`console.sqlite` in the data folder): environments and other
 * per-user records. Each environment's cached server data lives in a file of its own.
 */
const migrations: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE environments (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          api_url TEXT NOT NULL,
          prometheus TEXT,          -- JSON: {url, auth, username}; the secret is in the keychain
          alertmanager TEXT,        -- JSON, as above
          ca_file TEXT,
          colour TEXT NOT NULL,
          is_production INTEGER NOT NULL,
          position INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX environments_name ON environments (name COLLATE NOCASE);
      `);
    },
  },
];

export function openAppDatabase(dataFolder: string): Db {
  return openDatabase(path.join(dataFolder, 'console.sqlite'), migrations);
}
