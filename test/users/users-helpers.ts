import { expect } from 'vitest';
import type { ErrorPayload } from '../../shared/errors';
import type { User } from '../../shared/domain/user';
import type { CallName } from '../../shared/ipc/contract';
import { generatePassword } from '../../shared/domain/password-policy';
import type { RunningPlatform } from '../platform/index';
import { environmentDraft, startConsole, type ConsoleUnderTest } from '../session/console-under-test';

/**
 * A console with one environment per entry (named by a lower-case word, which is then its id),
 * each signed in as its user. Scheduled audit syncs are pushed far out, so a test decides when
 * the copy syncs (writes still ask for one).
 */
export async function consoleSignedIn(
  sessions: { id: string; platform: RunningPlatform; username: string }[],
): Promise<ConsoleUnderTest> {
  const app = await startConsole();
  await app.ok('settings.update', { auditSyncIntervalMinutes: 1440 });
  for (const { id, platform, username } of sessions) {
    const saved = await app.ok<{ id: string }>('environments.save', environmentDraft(platform.url, id));
    expect(saved.id).toBe(id);
    await app.ok('session.signIn', { environmentId: id, username, password: platform.password });
  }
  return app;
}

/** The error of a call that must fail. */
export async function failure(app: ConsoleUnderTest, name: CallName, input: unknown): Promise<ErrorPayload> {
  const answer = await app.call(name, input);
  if (answer.ok) throw new Error(`${name} should have failed but answered ${JSON.stringify(answer.data)}`);
  return answer.error;
}

let made = 0;

/** A new user through the console, with a unique name. */
export async function createUser(
  app: ConsoleUnderTest,
  environmentId: string,
  overrides: Partial<{ username: string; role: string; is_active: boolean; password: string }> = {},
): Promise<User> {
  made += 1;
  const username = overrides.username ?? `made-${made}-${Math.random().toString(36).slice(2, 7)}`;
  return app.ok<User>('users.create', {
    environmentId,
    username,
    email: `${username}@example.test`,
    full_name: `Made ${made}`,
    password: overrides.password ?? generatePassword(),
    role: overrides.role ?? 'user',
    is_active: overrides.is_active ?? true,
  });
}

/** Plain HTTP with a bearer token, past the console: what the server itself holds. */
export async function serverGet<T>(platform: RunningPlatform, token: string, path: string): Promise<T> {
  const answer = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status, path).toBe(200);
  return (await answer.json()) as T;
}

/** Failed sign-ins by plain HTTP: five within 15 minutes lock the account (§1). */
export async function failSignIns(
  platform: RunningPlatform,
  username: string,
  times: number,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const answer = await fetch(`${platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Wrong-password-1!' }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

/** The users and roles `cache.invalidated` scopes pushed for an environment since `from` (audit syncs push their own). */
export function invalidatedScopes(app: ConsoleUnderTest, environmentId: string, from = 0): string[] {
  return app.pushes
    .slice(from)
    .filter((push) => push.name === 'cache.invalidated')
    .map((push) => push.payload as { environmentId: string | null; scope: string })
    .filter((payload) => payload.environmentId === environmentId)
    .map((payload) => payload.scope)
    .filter((scope) => scope === 'users' || scope === 'roles');
}
