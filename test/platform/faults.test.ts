import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from './chain-check';
import { CONTROL_HEADER, FaultSpecError, formatFaultSpec, parseFaultSpec } from './index';
import type { RunningPlatform } from './index';
import { call, control, launch, login, obj, readAudit } from './test-helpers';

let platform: RunningPlatform;
let admin: string;

beforeAll(async () => {
  platform = await launch({ users: 5, audit: 50 });
  admin = (await login(platform, 'admin')).access_token;
});

async function statuses(n: number, path = '/api/v1/roles'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const response = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    await response.arrayBuffer();
    out.push(response.status);
  }
  return out;
}

describe('fault grammar', () => {
  it('parses every item and prints it back', () => {
    const text =
      'error500=0.2,burst429=3:2:50,latency=100-300,reset=0.1,malformed=0.05,tamper=12+40,seed=9,path=/api/v1/users';
    const spec = parseFaultSpec(text);
    expect(spec).toEqual({
      error500: 0.2,
      burst429: { count: 3, retryAfterSeconds: 2, every: 50 },
      latencyMs: { min: 100, max: 300 },
      reset: 0.1,
      malformed: 0.05,
      tamper: [12, 40],
      seed: 9,
      path: '/api/v1/users',
    });
    expect(formatFaultSpec(spec)).toBe(text);
    expect(parseFaultSpec('')).toEqual({});
    expect(parseFaultSpec('none')).toEqual({});
  });

  it.each(['error500=2', 'burst429=3', 'latency=fast', 'explode=1', 'reset=-0.1', 'path=api'])(
    'refuses %s',
    (text) => {
      expect(() => parseFaultSpec(text)).toThrow(FaultSpecError);
    },
  );

  it('answers 400 for a bad spec on the control endpoint and keeps the old one', async () => {
    const answer = await control(platform, 'POST', '/faults', { spec: 'error500=7' });
    expect(answer.status).toBe(400);
    expect(obj((await control(platform, 'GET', '/faults')).body).spec).toBe('');
  });
});

describe('test-control endpoints', () => {
  it('do not exist without the key, or with a wrong one', async () => {
    const variants: Record<string, string>[] = [{}, { [CONTROL_HEADER]: 'wrong-key' }];
    for (const headers of variants) {
      const answer = await call(platform.url, 'POST', '/__test/faults', {
        headers,
        body: { spec: 'error500=1' },
      });
      expect(answer.status).toBe(404);
    }
    expect(platform.faults()).toBe('');
  });
});

describe('injected faults', () => {
  it('error500: about the given share of API requests fail, reproducibly for a seed; health is spared', async () => {
    await control(platform, 'POST', '/faults', { spec: 'error500=0.3,seed=42' });
    const first = await statuses(200);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
    expect(first.every((s) => s === 200 || s === 500)).toBe(true);
    expect((await call(platform.url, 'GET', '/api/v1/health')).status).toBe(200);
    expect((await fetch(`${platform.url}/metrics`)).status).toBe(200);
    platform.setFaults('error500=0.3,seed=42');
    expect(await statuses(200)).toEqual(first);
    platform.setFaults('');
  });

  it('burst429: COUNT requests answer 429 with Retry-After, then service resumes; EVERY repeats it', async () => {
    platform.setFaults('burst429=3:7');
    const response = await fetch(`${platform.url}/api/v1/roles`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ detail: 'Too many requests' });
    expect(await statuses(4)).toEqual([429, 429, 200, 200]);
    platform.setFaults('burst429=2:1:5');
    expect(await statuses(10)).toEqual([429, 429, 200, 200, 200, 429, 429, 200, 200, 200]);
    platform.setFaults('');
  });

  it('latency: requests take at least the added time', async () => {
    platform.setFaults('latency=250');
    const started = performance.now();
    expect(await statuses(2)).toEqual([200, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    platform.setFaults('');
  });

  it('reset: the connection drops mid-body after the headers', async () => {
    platform.setFaults('reset=1');
    const response = await fetch(`${platform.url}/api/v1/roles`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-opp-fault')).toBe('reset');
    await expect(response.text()).rejects.toThrow();
    platform.setFaults('');
    expect(await statuses(1)).toEqual([200]);
  });

  it('malformed: a 200 whose body is not JSON', async () => {
    platform.setFaults('malformed=1');
    const response = await fetch(`${platform.url}/api/v1/roles`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    platform.setFaults('');
  });

  it('path: only matching routes get faults', async () => {
    platform.setFaults('error500=1,path=/api/v1/permissions');
    expect(await statuses(2, '/api/v1/permissions')).toEqual([500, 500]);
    expect(await statuses(2, '/api/v1/roles')).toEqual([200, 200]);
    platform.setFaults('');
  });

  it('tamper through the control endpoint is caught by the independent chain check', async () => {
    expect(verifyChain(await readAudit(platform, admin)).ok).toBe(true);
    const answer = await control(platform, 'POST', '/tamper', { id: 20 });
    expect(obj(answer.body)).toEqual({ id: 20, tampered: true });
    expect(verifyChain(await readAudit(platform, admin))).toEqual({
      ok: false,
      brokenAt: 20,
      reason: 'hash',
    });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past N requests a minute, per client, and is off by default', async () => {
    const limited = await launch({ rateLimitPerMinute: 5 });
    const got: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i += 1) {
      last = await fetch(`${limited.url}/api/v1/health`);
      await last.arrayBuffer();
      got.push(last.status);
    }
    expect(got).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const retry = Number(last?.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    const body = obj(await (await fetch(`${limited.url}/api/v1/auth/me`)).json());
    expect(body.code).toBe('rate_limited');
    // The window ends: the server's clock moves on a minute.
    limited.advanceClock(61_000);
    expect((await fetch(`${limited.url}/api/v1/health`)).status).toBe(200);
    expect(await statuses(30)).not.toContain(429);
  });
});
