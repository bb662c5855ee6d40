import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { legacyLog, serverLog } from './audit-helpers';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sync-child.ts');
const EVENTS = 30_000;

let full: RunningPlatform;
let legacy: RunningPlatform;
let folder: string;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-kill-'));
  // Slow pages (only the audit lists), so a kill lands while a page is in flight or being written.
  [full, legacy] = await Promise.all([
    startPlatform({ audit: EVENTS, faults: 'latency=80-200,path=/api/v1/audit-logs' }),
    startPlatform({ audit: EVENTS, legacy: true, faults: 'latency=20-60,path=/api/v1/auth/audit-logs' }),
  ]);
});
afterAll(async () => {
  await Promise.all([full.stop(), legacy.stop()]);
  fs.rmSync(folder, { recursive: true, force: true });
});

interface ChildRun {
  /** Resolves with the child's exit code, or the signal that ended it. */
  ended: Promise<number | string>;
  landed: number[];
  kill(): void;
}

function startChild(platform: RunningPlatform, file: string, mode: 'cursor' | 'legacy'): ChildRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, platform.url, platform.password, file, mode],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const landed: number[] = [];
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      const match = /^landed (\d+)$/.exec(line);
      if (match !== null) landed.push(Number(match[1]));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(stderr);
      resolve(signal ?? code ?? -1);
    }),
  );
  return { ended, landed, kill: () => child.kill('SIGKILL') };
}

/** Waits until the child has committed `pages` pages, then a random moment more, then kills it. */
async function killMidway(run: ChildRun, pages: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (run.landed.length < pages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(run.landed.length, 'pages committed before the kill').toBeGreaterThanOrEqual(pages);
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 150)));
  run.kill();
  expect(await run.ended).toBe('SIGKILL');
}

function heldIds(file: string): { ids: number[]; held: number } {
  const db = new Database(file, { readonly: true });
  try {
    const ids = db
      .prepare<[], { id: number }>('SELECT id FROM audit_events ORDER BY id')
      .all()
      .map((r) => r.id);
    const held = db.prepare<[], { n: number }>('SELECT events_held AS n FROM audit_sync').get()?.n ?? -1;
    return { ids, held };
  } finally {
    db.close();
  }
}

describe('a sync killed with SIGKILL mid-page', () => {
  for (const mode of ['cursor', 'legacy'] as const) {
    it(`resumes exactly, ${mode} mode`, async () => {
      const platform = mode === 'cursor' ? full : legacy;
      const file = path.join(folder, `${mode}.sqlite`);
      // Three kills at different depths, each after a random delay within a page.
      for (const pages of [1, 1, 1]) await killMidway(startChild(platform, file, mode), pages);
      const partial = heldIds(file);
      expect(partial.ids.length).toBeGreaterThan(0);
      expect(partial.ids.length).toBeLessThan(EVENTS);
      expect(partial.held).toBe(partial.ids.length);

      const last = startChild(platform, file, mode);
      expect(await last.ended).toBe(0);
      const copy = heldIds(file);
      expect(copy.held).toBe(copy.ids.length);
      // The server's log as this test reads it (its own sign-in adds one event after the copy).
      const server =
        mode === 'cursor'
          ? await serverLog(platform.url, platform.password)
          : await legacyLog(platform.url, platform.password);
      const newest = copy.ids[copy.ids.length - 1] ?? 0;
      expect(newest).toBeGreaterThan(EVENTS); // the children's own sign-ins were copied too
      expect(copy.ids).toEqual(server.map((e) => e.id).filter((id) => id <= newest));
    });
  }
});
