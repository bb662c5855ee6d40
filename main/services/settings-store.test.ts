import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../log/logger';
import { SettingsStore } from './settings-store';

describe('settings store', () => {
  let folder = '';
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-settings-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('starts from the defaults and keeps a change across restarts', () => {
    const first = new SettingsStore(folder, new MemoryLogger());
    expect(first.get()).toEqual({ theme: 'system', auditSyncIntervalMinutes: 1 });
    first.update({ theme: 'dark' });
    expect(new SettingsStore(folder, new MemoryLogger()).get()).toEqual({
      theme: 'dark',
      auditSyncIntervalMinutes: 1,
    });
  });

  it('keeps the valid fields of a damaged file and logs the others', () => {
    fs.writeFileSync(
      path.join(folder, 'settings.json'),
      JSON.stringify({ theme: 'light', auditSyncIntervalMinutes: -4 }),
    );
    const log = new MemoryLogger();
    expect(new SettingsStore(folder, log).get()).toEqual({ theme: 'light', auditSyncIntervalMinutes: 1 });
    expect(log.lines.some((l) => l.fields?.['field'] === 'auditSyncIntervalMinutes')).toBe(true);
  });

  it('falls back to defaults when the file is not JSON', () => {
    fs.writeFileSync(path.join(folder, 'settings.json'), '{"theme": "da');
    expect(new SettingsStore(folder, new MemoryLogger()).get().theme).toBe('system');
  });

  it('keeps the old settings and says so when the disk refuses the write', () => {
    const store = new SettingsStore(folder, new MemoryLogger());
    store.update({ theme: 'light' });
    // A folder where the file should be makes the final rename fail, as a full or read-only disk would.
    fs.rmSync(path.join(folder, 'settings.json'));
    fs.mkdirSync(path.join(folder, 'settings.json'));
    expect(() => store.update({ theme: 'dark' })).toThrow(/could not be saved/);
    expect(store.get().theme).toBe('light');
    expect(fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
