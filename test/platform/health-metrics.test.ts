import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from './index';
import { call, control, launch, login, obj } from './test-helpers';

let platform: RunningPlatform;

beforeAll(async () => {
  platform = await launch({ users: 10 });
});

async function metrics(target: RunningPlatform = platform): Promise<string> {
  const response = await fetch(`${target.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample line, e.g. `opp_users{state="active"}`; NaN when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('health', () => {
  it('GET /health answers the §5 shape with HTTP 200', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/health');
    expect(answer.status).toBe(200);
    const body = obj(answer.body);
    expect(body).toMatchObject({
      status: 'healthy',
      service: expect.any(String),
      version: expect.any(String),
      environment: expect.any(String),
    });
    expect(body.timestamp).toMatch(/Z$/);
    expect(typeof body.uptime).toBe('number');
  });

  it('comprehensive health lists the five core components with a summary', async () => {
    const body = obj((await call(platform.url, 'GET', '/api/v1/health/comprehensive')).body);
    const components = obj(body.components);
    expect(Object.keys(components).sort()).toEqual(['api', 'cache', 'database', 'gateway', 'web']);
    expect(obj(components.database)).toMatchObject({ status: 'healthy', latency_ms: expect.any(Number) });
    expect(body.summary).toEqual({
      total_components: 5,
      healthy_components: 5,
      warning_components: 0,
      unhealthy_components: 0,
    });
    expect(body.status).toBe('healthy');
  });

  it('a component forced unhealthy or warning changes the status, still with HTTP 200', async () => {
    const set = await control(platform, 'PUT', '/components/cache', {
      status: 'warning',
      message: 'evictions high',
    });
    expect(set.status).toBe(200);
    expect(obj((await call(platform.url, 'GET', '/api/v1/health')).body).status).toBe('warning');
    platform.setComponentHealth('database', { status: 'unhealthy', message: 'disk full' });
    const down = await call(platform.url, 'GET', '/api/v1/health/comprehensive');
    expect(down.status).toBe(200);
    const body = obj(down.body);
    expect(body.status).toBe('unhealthy');
    expect(obj(body.components).database).toEqual({ status: 'unhealthy', message: 'disk full' });
    expect(body.summary).toMatchObject({
      healthy_components: 3,
      warning_components: 1,
      unhealthy_components: 1,
    });
    platform.setComponentHealth('database', null);
    await control(platform, 'DELETE', '/components/cache');
    expect(obj((await call(platform.url, 'GET', '/api/v1/health')).body).status).toBe('healthy');
  });
});

describe('metrics', () => {
  it('exports request counts and durations by route template, never by raw URL', async () => {
    const token = (await login(platform, 'admin')).access_token;
    await call(platform.url, 'GET', '/api/v1/users/1', { token });
    await call(platform.url, 'GET', '/api/v1/users/2', { token });
    await call(platform.url, 'GET', '/api/v1/users/424242', { token });
    const text = await metrics();
    expect(sample(text, 'http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"}')).toBe(2);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"}')).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/users/{id}"}'),
    ).toBe(3);
    expect(text).not.toContain('/api/v1/users/424242');
  });

  it('exports the opp_* series and the process series', async () => {
    const before = await metrics();
    await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: 'Nope-Nope-123!' },
    });
    await login(platform, 'alice');
    const text = await metrics();
    expect(sample(text, 'opp_login_attempts_total{outcome="failure"}')).toBe(
      sample(before, 'opp_login_attempts_total{outcome="failure"}') + 1,
    );
    expect(sample(text, 'opp_login_attempts_total{outcome="success"}')).toBe(
      sample(before, 'opp_login_attempts_total{outcome="success"}') + 1,
    );
    expect(sample(text, 'opp_sessions_active')).toBe(sample(before, 'opp_sessions_active') + 1);
    expect(sample(text, 'opp_audit_events_total')).toBe(sample(before, 'opp_audit_events_total') + 2);
    const users = ['active', 'inactive', 'locked'].map((s) => sample(text, `opp_users{state="${s}"}`));
    expect((users[0] ?? 0) + (users[1] ?? 0)).toBe(14);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('keeps each instance’s numbers apart', async () => {
    const other = await launch();
    await login(other, 'guest');
    const mine = await metrics();
    const theirs = await metrics(other);
    expect(sample(theirs, 'opp_login_attempts_total{outcome="success"}')).toBe(1);
    expect(sample(mine, 'opp_login_attempts_total{outcome="success"}')).toBeGreaterThanOrEqual(2);
  });
});
