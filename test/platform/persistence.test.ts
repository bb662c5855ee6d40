import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from './chain-check';
import { startPlatform } from './index';
import { call, launch, login, obj, readAudit, strongPassword } from './test-helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opp-platform-test-'));
  dirs.push(dir);
  return dir;
}

describe('a data folder', () => {
  it('keeps users, roles, sessions and the log across a restart, without seeding again', async () => {
    const dataDir = tempDir();
    const first = await startPlatform({ dataDir, users: 20, audit: 100 });
    expect(first.seed).toMatchObject({ seeded: true, users: 24, events: 100 });
    const tokens = await login(first, 'admin');
    const password = strongPassword();
    await call(first.url, 'POST', '/api/v1/users', {
      token: tokens.access_token,
      body: { username: 'survivor', email: 'survivor@example.org', password, role: 'user' },
    });
    await call(first.url, 'POST', '/api/v1/roles', {
      token: tokens.access_token,
      body: { name: 'kept', description: '', permissions: ['read'] },
    });
    const logBefore = await readAudit(first, tokens.access_token);
    await first.stop();

    const second = await startPlatform({ dataDir, users: 500, audit: 5000 });
    try {
      expect(second.seed.seeded).toBe(false);
      // The signing key and the sessions survived: the old tokens still work.
      expect((await call(second.url, 'GET', '/api/v1/auth/me', { token: tokens.access_token })).status).toBe(
        200,
      );
      const refreshed = await call(second.url, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: tokens.refresh_token },
      });
      expect(refreshed.status).toBe(200);
      const token = obj(refreshed.body).access_token as string;
      const users = obj((await call(second.url, 'GET', '/api/v1/users?limit=500', { token })).body);
      expect(users.total).toBe(25);
      expect((await login(second, 'survivor', password)).user.username).toBe('survivor');
      const roles = obj((await call(second.url, 'GET', '/api/v1/roles', { token })).body).items as {
        name: string;
      }[];
      expect(roles.map((r) => r.name)).toContain('kept');
      const logAfter = await readAudit(second, token);
      expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
      expect(logAfter.map((e) => e.action).slice(logBefore.length)).toEqual([
        'token_refreshed',
        'login_success',
      ]);
      expect(verifyChain(logAfter).ok).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe('deterministic seed', () => {
  it('the same numbers give the same users and the same events, hashes included', async () => {
    const a = await launch({ users: 120, audit: 1500 });
    const b = await launch({ users: 120, audit: 1500 });
    const ta = (await login(a, 'auditor')).access_token;
    const tb = (await login(b, 'auditor')).access_token;
    const seededA = (await readAudit(a, ta)).slice(0, 1500);
    const seededB = (await readAudit(b, tb)).slice(0, 1500);
    expect(seededA).toHaveLength(1500);
    expect(seededB).toEqual(seededA);
    const adminA = (await login(a, 'admin')).access_token;
    const adminB = (await login(b, 'admin')).access_token;
    const usersA = obj(
      (await call(a.url, 'GET', '/api/v1/users?limit=500&sort=created_at', { token: adminA })).body,
    ).items as Record<string, unknown>[];
    const usersB = obj(
      (await call(b.url, 'GET', '/api/v1/users?limit=500&sort=created_at', { token: adminB })).body,
    ).items as Record<string, unknown>[];
    const stable = (u: Record<string, unknown>): Record<string, unknown> => ({
      ...u,
      last_login: u.username === 'admin' || u.username === 'auditor' ? null : u.last_login,
    });
    expect(usersA).toHaveLength(124);
    expect(usersB.map(stable)).toEqual(usersA.map(stable));
    expect(new Set(usersA.map((u) => u.email)).size).toBe(124);
  });

  it('different numbers give a longer log with the same users', async () => {
    const small = await launch({ users: 10, audit: 10 });
    const token = (await login(small, 'admin')).access_token;
    const users = obj((await call(small.url, 'GET', '/api/v1/users?limit=500', { token })).body).items as {
      username: string;
    }[];
    const big = await launch({ users: 10, audit: 20 });
    const tokenBig = (await login(big, 'admin')).access_token;
    const usersBig = obj((await call(big.url, 'GET', '/api/v1/users?limit=500', { token: tokenBig })).body)
      .items as { username: string }[];
    expect(usersBig.map((u) => u.username)).toEqual(users.map((u) => u.username));
  });
});

describe('the CLI', () => {
  it('prints the URL on its own first line, serves, and stops cleanly on SIGTERM', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/platform/cli.ts',
        '--port',
        '0',
        '--users',
        '3',
        '--password',
        'Cli-Passw0rd-1!',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines: string[] = [];
      const reader = createInterface({ input: child.stdout });
      for await (const line of reader) {
        lines.push(line);
        if (lines.length === 3) break;
      }
      expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[1]).toBe('password: Cli-Passw0rd-1!');
      expect(lines[2]).toMatch(/^control-key: \S+/);
      const url = lines[0] ?? '';
      const answer = await call(url, 'POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'Cli-Passw0rd-1!' },
      });
      expect(answer.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
