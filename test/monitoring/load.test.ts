import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform } from '../platform/index';
import type { RunningPlatform } from '../platform/index';
import { startLoad } from './load';
import type { LoadKind, RunningLoad } from './load';
import { pollUntil } from './poll';

const KINDS: LoadKind[] = [
  'sign-in',
  'health',
  'health-comprehensive',
  'users',
  'audit',
  'me',
  'failed-login',
  'not-found',
];

/** Reads one counter of the platform's own /metrics, to see what the server really answered. */
async function platformCounter(platform: RunningPlatform, series: string): Promise<number> {
  const text = await (await fetch(`${platform.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('background load generator', () => {
  let platform: RunningPlatform;
  let load: RunningLoad | undefined;

  beforeEach(async () => {
    platform = await startPlatform();
  });
  afterEach(async () => {
    await load?.stop();
    load = undefined;
    await platform.stop();
  });

  function start(requestsPerSecond: number): RunningLoad {
    load = startLoad({
      baseUrl: platform.url,
      username: 'admin',
      password: platform.password,
      requestsPerSecond,
    });
    return load;
  }

  it('signs in and makes the mix of calls, then stops', async () => {
    const running = start(40);
    // Two cycles of the mix, plus the sign-in.
    await pollUntil(() => (running.stats().sent >= 41 ? true : undefined), {
      description: '41 requests sent',
      timeoutMs: 15_000,
    });
    await running.stop();
    const stats = running.stats();
    expect(Object.keys(stats.byKind).sort()).toEqual([...KINDS].sort());
    expect(stats.byKind['sign-in']).toBe(1);
    expect(stats.byStatus['error'], stats.lastError).toBeUndefined();
    // Every call answered as a console's would: no 403s or 422s from malformed requests.
    expect(Object.keys(stats.byStatus).sort()).toEqual(['200', '401', '404']);

    // What the server counted matches what was sent. Polled: the server records a request just
    // after answering it.
    const expected: [string, number | undefined][] = [
      ['opp_login_attempts_total{outcome="success"}', 1],
      ['opp_login_attempts_total{outcome="failure"}', stats.byKind['failed-login']],
      ['http_requests_total{method="GET",route="/api/v1/users",status="200"}', stats.byKind['users']],
      ['http_requests_total{method="GET",route="/api/v1/audit-logs",status="200"}', stats.byKind['audit']],
      ['http_requests_total{method="GET",route="unmatched",status="404"}', stats.byKind['not-found']],
    ];
    for (const [series, count] of expected) {
      await pollUntil(async () => ((await platformCounter(platform, series)) === count ? true : undefined), {
        description: () => `${series} to be ${count}`,
        timeoutMs: 5_000,
      });
    }

    // Nothing more is sent once stop() has resolved: wait several tick periods and compare.
    const sent = stats.sent;
    await sleep(250);
    expect(running.stats().sent).toBe(sent);
  });

  it('signs in again when its token has expired', async () => {
    const running = start(20);
    await pollUntil(() => ((running.stats().byKind['users'] ?? 0) >= 1 ? true : undefined), {
      description: 'a first users call',
      timeoutMs: 10_000,
    });
    platform.advanceClock(31 * 60_000);
    await pollUntil(() => ((running.stats().byKind['sign-in'] ?? 0) >= 2 ? true : undefined), {
      description: 'a second sign-in',
      timeoutMs: 10_000,
    });
    await running.stop();
    expect(running.stats().byStatus['401']).toBeGreaterThanOrEqual(1);
  });

  it('honours 429 and Retry-After instead of hammering the server', async () => {
    platform.setRateLimit(5);
    const running = start(40);
    await pollUntil(() => ((running.stats().byStatus['429'] ?? 0) >= 1 ? true : undefined), {
      description: 'a 429 answer',
      timeoutMs: 10_000,
    });
    const sent = running.stats().sent;
    // Retry-After is about a minute here; at 40 requests/s, 0.5 s would be 20 more requests.
    await sleep(500);
    const stats = running.stats();
    // Requests already in flight when the 429 came may still land; none are started after.
    expect(stats.sent - sent).toBeLessThanOrEqual(4);
    expect(stats.byStatus['429']).toBeLessThanOrEqual(5);
    expect(stats.skipped).toBeGreaterThan(10);
  });

  it('refuses non-loopback addresses and unbounded rates', () => {
    const base = { username: 'admin', password: 'x' };
    expect(() => startLoad({ ...base, baseUrl: 'http://192.0.2.10:8000', requestsPerSecond: 1 })).toThrow(
      /loopback/,
    );
    expect(() => startLoad({ ...base, baseUrl: 'http://127.0.0.1:1', requestsPerSecond: 0 })).toThrow(
      RangeError,
    );
    expect(() => startLoad({ ...base, baseUrl: 'http://127.0.0.1:1', requestsPerSecond: 500 })).toThrow(
      RangeError,
    );
  });
});
