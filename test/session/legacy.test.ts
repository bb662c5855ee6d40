import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/domain/session';
import { startPlatform, type RunningPlatform } from '../platform/index';
import {
  environmentDraft,
  keychainEntries,
  requireKeyring,
  startConsole,
  waitFor,
} from './console-under-test';

let legacy: RunningPlatform;
beforeAll(async () => {
  await requireKeyring();
  legacy = await startPlatform({ legacy: true, accessTtlSeconds: 6 });
});
afterAll(() => legacy.stop());

describe('a legacy OPP V4 server (no refresh, thin API)', () => {
  it('signs in, learns what the server lacks, warns before the end and ends the session at expiry', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(legacy.url));
    const session = await app.ok<Session>('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: legacy.password,
    });
    expect(session.capabilities).toEqual(['audit_legacy', 'health_comprehensive']);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(6_000);
    expect(await keychainEntries(app.dataFolder)).toHaveLength(1);

    await waitFor(
      () => app.pushes.some((p) => (p.payload as { reason?: string }).reason === 'expiring_soon'),
      6_000,
      'the expiry warning',
    );
    const warning = app.pushes.find((p) => (p.payload as { reason?: string }).reason === 'expiring_soon');
    expect((warning?.payload as { message: string }).message).toMatch(/Enter your password/);
    expect(await app.ok('session.list')).toHaveLength(1);

    await waitFor(
      () => app.pushes.some((p) => (p.payload as { reason?: string }).reason === 'expired'),
      6_000,
      'the session to expire',
    );
    expect(await app.ok('session.list')).toEqual([]);
    expect(await keychainEntries(app.dataFolder)).toEqual([]);
    await app.stop();
  });

  it('signing in again in place replaces the ending session without a gap', async () => {
    const app = await startConsole();
    await app.ok('environments.save', environmentDraft(legacy.url));
    await app.ok('session.signIn', { environmentId: 'local', username: 'alice', password: legacy.password });
    await waitFor(
      () => app.pushes.some((p) => (p.payload as { reason?: string }).reason === 'expiring_soon'),
      6_000,
      'the expiry warning',
    );
    await app.ok('session.signIn', { environmentId: 'local', username: 'alice', password: legacy.password });
    // Past the first token's end: the old timer must not end the new session.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(app.pushes.filter((p) => (p.payload as { reason?: string }).reason === 'expired')).toEqual([]);
    const me = await app.services.sessions.request('local', { method: 'GET', path: '/api/v1/auth/me' });
    expect(me.status).toBe(200);
    await app.stop();
  });
});
