import { beforeAll, describe, expect, it } from 'vitest';
import { userSchema } from '../../shared/domain/user';
import type { RunningPlatform } from './index';
import { call, launch, obj } from './test-helpers';

let platform: RunningPlatform;
let admin: string;
const ZONELESS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

beforeAll(async () => {
  platform = await launch({ legacy: true, users: 30, audit: 250 });
  const answer = await call(platform.url, 'POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: platform.password },
  });
  admin = obj(answer.body).access_token as string;
});

describe('legacy platform (§7)', () => {
  it('signs in at /api/v1/auth/login and /api/auth/login, without a refresh token', async () => {
    for (const path of ['/api/v1/auth/login', '/api/auth/login']) {
      const answer = await call(platform.url, 'POST', path, {
        body: { username: 'alice', password: platform.password },
      });
      expect(answer.status).toBe(200);
      const body = obj(answer.body);
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
      expect(body).not.toHaveProperty('refresh_token');
      expect(typeof body.access_token).toBe('string');
      const user = userSchema.parse(body.user);
      expect(user).not.toHaveProperty('version');
    }
    const wrong = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: 'Not-It-12345!' },
    });
    expect(wrong.status).toBe(401);
    expect(typeof obj(wrong.body).detail).toBe('string');
  });

  it('GET /auth/me answers the user without version, updated_at and locked_until, with zoneless times', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/auth/me', { token: admin });
    expect(answer.status).toBe(200);
    const me = obj(answer.body);
    userSchema.parse(me);
    for (const field of ['version', 'updated_at', 'locked_until']) expect(me).not.toHaveProperty(field);
    expect(me.created_at).toMatch(ZONELESS);
    expect(me.last_login).toMatch(ZONELESS);
  });

  it('a malformed token can answer 500, a missing one 401', async () => {
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: 'garbage' })).status).toBe(500);
    expect((await call(platform.url, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('lists users newest first with total_users and active_users', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/auth/users?skip=0&limit=100', { token: admin });
    expect(answer.status).toBe(200);
    const body = obj(answer.body);
    const users = (body.users as unknown[]).map((u) => userSchema.parse(u));
    expect(body.total_users).toBe(34);
    expect(body.active_users).toBe(users.filter((u) => u.is_active).length);
    const created = users.map((u) => u.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(users.every((u) => ['admin', 'user', 'guest', 'auditor'].includes(u.role))).toBe(true);
    const page = obj(
      (await call(platform.url, 'GET', '/api/v1/auth/users?skip=5&limit=3', { token: admin })).body,
    );
    expect((page.users as { id: number }[]).map((u) => u.id)).toEqual(users.slice(5, 8).map((u) => u.id));
    const guest = obj(
      (
        await call(platform.url, 'POST', '/api/v1/auth/login', {
          body: { username: 'guest', password: platform.password },
        })
      ).body,
    );
    expect(
      (await call(platform.url, 'GET', '/api/v1/auth/users', { token: guest.access_token as string })).status,
    ).toBe(403);
  });

  it('lists audit logs newest first with only the legacy fields', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/auth/audit-logs?skip=0&limit=1000', {
      token: admin,
    });
    expect(answer.status).toBe(200);
    const logs = obj(answer.body).audit_logs as Record<string, unknown>[];
    expect(Object.keys(obj(answer.body))).toEqual(['audit_logs']);
    expect(Object.keys(logs[0] ?? {}).sort()).toEqual([
      'action',
      'id',
      'ip_address',
      'resource',
      'timestamp',
      'user_id',
      'username',
    ]);
    const ids = logs.map((l) => l.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids[ids.length - 1]).toBe(1);
    expect(logs.every((l) => ZONELESS.test(l.timestamp as string))).toBe(true);
    const second = obj(
      (await call(platform.url, 'GET', '/api/v1/auth/audit-logs?skip=10&limit=10', { token: admin })).body,
    );
    expect((second.audit_logs as { id: number }[]).map((l) => l.id)).toEqual(ids.slice(10, 20));
  });

  it.each([
    ['POST', '/api/v1/auth/refresh'],
    ['POST', '/api/v1/auth/logout'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/users/1'],
    ['GET', '/api/v1/roles'],
    ['GET', '/api/v1/permissions'],
    ['GET', '/api/v1/audit-logs'],
    ['POST', '/api/v1/users/1/unlock'],
  ])('%s %s is not there (404/405)', async (method, path) => {
    const answer = await call(platform.url, method, path, {
      token: admin,
      ...(method === 'POST' ? { body: {} } : {}),
    });
    expect([404, 405]).toContain(answer.status);
  });

  it('serves the health pages and only process series on /metrics', async () => {
    const health = obj((await call(platform.url, 'GET', '/api/v1/health')).body);
    expect(health.status).toBe('healthy');
    expect(obj((await call(platform.url, 'GET', '/api/v1/health/comprehensive')).body).summary).toMatchObject(
      { total_components: 5 },
    );
    const text = await (await fetch(`${platform.url}/metrics`)).text();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).not.toContain('http_requests_total');
    expect(text).not.toContain('opp_');
  });

  it('answers the middleware shape {"error"} for broken JSON (400) and the rate limit (429)', async () => {
    const broken = await fetch(`${platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(Object.keys(obj(await broken.json()))).toEqual(['error']);
    const limited = await launch({ legacy: true, rateLimitPerMinute: 2 });
    await fetch(`${limited.url}/api/v1/health`);
    await fetch(`${limited.url}/api/v1/health`);
    const third = await fetch(`${limited.url}/api/v1/health`);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await third.json()).toEqual({ error: 'Rate limit exceeded' });
  });
});
