import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../platform/index';

const run = promisify(execFile);
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform({});
});
afterAll(() => platform.stop());

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('no keychain on this desktop', () => {
  it('says so once, keeps the session in memory only, and writes no token anywhere', async () => {
    const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-nokeychain-'));
    const env = { ...process.env };
    delete env['DBUS_SESSION_BUS_ADDRESS'];
    delete env['DISPLAY'];
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'fixtures/sign-in-without-keychain.ts'),
        platform.url,
        platform.password,
        dataFolder,
      ],
      { env, timeout: 60_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      session: { memoryOnly: boolean; username: string };
      status: { backend: string; reason: string };
      meStatus: number;
      pushes: { name: string; payload: { scope?: string } }[];
      warnings: string[];
      tokens: string[];
    };
    expect(result.session).toMatchObject({ username: 'admin', memoryOnly: true });
    expect(result.meStatus).toBe(200);
    expect(result.status.backend).toBe('memory');
    expect(result.status.reason).toMatch(/keychain is not available/);
    // Said once: one switch, one notice to the renderer, however many keychain calls failed.
    expect(result.warnings.filter((w) => w.includes('switching to memory only'))).toHaveLength(1);
    expect(
      result.pushes.filter((p) => p.name === 'cache.invalidated' && p.payload.scope === 'session'),
    ).toHaveLength(1);

    expect(result.tokens.every((t) => typeof t === 'string' && t.length > 20)).toBe(true);
    const files = filesUnder(dataFolder);
    expect(files.some((f) => f.endsWith('console.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = fs.readFileSync(file).toString('latin1');
      for (const token of result.tokens)
        expect(bytes.includes(token), `${token.slice(0, 12)}… in ${file}`).toBe(false);
    }
    fs.rmSync(dataFolder, { recursive: true, force: true });
  });
});
