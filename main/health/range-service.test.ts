import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import { MemoryLogger } from '../log/logger';
import { HealthCache } from './health-cache';
import { PrometheusClient, type HttpPort } from './prometheus-client';
import { rangeKey, RangeService, seriesName } from './range-service';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const HOUR = 3600_000;
const ENVIRONMENT: Environment = {
  id: 'prod',
  name: 'Prod',
  apiUrl: 'http://api.test',
  prometheus: { url: 'http://prom.test', auth: 'none' },
  alertmanager: null,
  caFile: null,
  colour: 'red',
  isProduction: true,
  position: 0,
};

/** Prometheus behind a stub transport: answers by query, held until released, abortable. */
class FakePrometheus implements HttpPort {
  readonly describe = 'Prometheus at http://prom.test';
  readonly requests: HttpRequest[] = [];
  offline = false;
  hold = false;
  private readonly held: (() => void)[] = [];

  request(request: HttpRequest): Promise<HttpAnswer> {
    this.requests.push(request);
    if (this.offline) return Promise.reject(new OppError('OFFLINE', 'Prometheus cannot be reached.'));
    return new Promise((resolve, reject) => {
      const answer = () => resolve(this.answer(request.form?.['query'] ?? '', request.form ?? {}));
      request.signal?.addEventListener('abort', () =>
        reject(new OppError('UPSTREAM', 'The request was cancelled.', { cancelled: true })),
      );
      if (this.hold) this.held.push(answer);
      else answer();
    });
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  private answer(query: string, form: Record<string, string>): HttpAnswer {
    const ok = (result: unknown): HttpAnswer => ({
      status: 200,
      headers: {},
      body: { status: 'success', data: { resultType: 'matrix', result } },
      malformed: false,
    });
    if (query.includes('nothing')) return ok([]);
    if (query.startsWith('sum(')) {
      return {
        status: 400,
        headers: {},
        body: { status: 'error', errorType: 'bad_data', error: 'parse error' },
        malformed: false,
      };
    }
    // Every step of the window, as Prometheus would: one more point than the chart is wide at most.
    const start = Number(form['start']);
    const end = Number(form['end']);
    const step = Number(form['step']);
    const values: [number, string][] = [];
    for (let t = start; t <= end; t += step) values.push([t, String(Math.sin(t / 600))]);
    return ok([
      { metric: { status_class: '5xx' }, values },
      { metric: { status_class: '2xx' }, values },
    ]);
  }
}

let folder: string;
let cache: HealthCache;
let prometheus: FakePrometheus;
let service: RangeService;
let now = NOW;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-health-range-'));
  cache = new HealthCache(
    folder,
    () => true,
    () => now,
  );
  prometheus = new FakePrometheus();
  now = NOW;
  service = new RangeService({
    environments: { require: () => ENVIRONMENT },
    prometheus: () => Promise.resolve(new PrometheusClient(prometheus)),
    cache,
    log: new MemoryLogger(),
    now: () => now,
  });
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const panel = (start = NOW - HOUR, end = NOW, widthPx = 300) => ({
  environmentId: 'prod',
  source: { panel: 'request_rate' },
  start,
  end,
  widthPx,
});

describe('RangeService', () => {
  it("names each series by its legend label and keeps it within the chart's width", async () => {
    const answer = await service.range(panel());
    expect(answer.fromCache).toBe(false);
    expect(answer.stepSeconds).toBe(13);
    const [result] = answer.results;
    expect(result?.legend).toBe('{{status_class}}');
    expect(result?.problem).toBeNull();
    expect(result?.series.map((s) => seriesName(result.legend, s.labels))).toEqual(['2xx', '5xx']);
    for (const series of result?.series ?? []) {
      expect(series.points.length).toBeLessThanOrEqual(300);
      expect(series.rawPointCount).toBeGreaterThan(250);
    }
  });

  it('names a failed query and a query without data on its chart', async () => {
    const failed = await service.range({ ...panel(), source: { promql: 'sum(' } });
    expect(failed.results[0]?.problem).toBe('Prometheus could not run this query: parse error (bad_data)');
    const empty = await service.range({ ...panel(), source: { promql: 'nothing_here' } });
    expect(empty.results[0]?.problem).toBe('no data for nothing_here in this range');
    expect(empty.results[0]?.series).toEqual([]);
  });

  it('refuses an unknown panel', async () => {
    await expect(service.range({ ...panel(), source: { panel: 'nope' } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('cancels the older request when a newer one for the same chart arrives', async () => {
    prometheus.hold = true;
    const older = service.range(panel(NOW - 7 * 24 * HOUR)).then(
      () => 'answered',
      (error: unknown) => error,
    );
    // Let the older request reach the transport before the newer one replaces it.
    await new Promise((resolve) => setImmediate(resolve));
    const newer = service.range(panel());
    await new Promise((resolve) => setImmediate(resolve));
    prometheus.release();
    expect(await older).toMatchObject({ code: 'UPSTREAM', details: { cancelled: true } });
    expect((await newer).results[0]?.series).toHaveLength(2);
    expect(prometheus.requests[0]?.signal?.aborted).toBe(true);
    expect(prometheus.requests[1]?.signal?.aborted).toBe(false);
  });

  it('does not cancel requests for other charts', async () => {
    prometheus.hold = true;
    const first = service.range(panel());
    await new Promise((resolve) => setImmediate(resolve));
    const other = service.range({ ...panel(), source: { promql: 'up' } });
    await new Promise((resolve) => setImmediate(resolve));
    prometheus.release();
    await expect(first).resolves.toMatchObject({ fromCache: false });
    await expect(other).resolves.toMatchObject({ fromCache: false });
  });

  it('answers the last data, as of then, when Prometheus cannot be reached', async () => {
    const live = await service.range(panel(NOW - HOUR, NOW, 600));
    prometheus.offline = true;
    now = NOW + 10 * 60_000;
    // The same "last hour", ten minutes later, on a narrower chart.
    const offline = await service.range(panel(now - HOUR, now, 100));
    expect(offline.fromCache).toBe(true);
    expect(offline.asOf).toBe(live.asOf);
    for (const series of offline.results[0]?.series ?? [])
      expect(series.points.length).toBeLessThanOrEqual(100);
    // Nothing cached for this range: the error itself.
    await expect(service.range(panel(now - 24 * HOUR, now))).rejects.toMatchObject({ code: 'OFFLINE' });
  });

  it('keeps the last 20 distinct explorer queries, newest first', async () => {
    for (let i = 0; i < 25; i += 1) await service.range({ ...panel(), source: { promql: `up + ${i}` } });
    await service.range({ ...panel(), source: { promql: 'up + 10' } });
    const history = service.history('prod');
    expect(history).toHaveLength(20);
    expect(history.slice(0, 3)).toEqual(['up + 10', 'up + 24', 'up + 23']);
    expect(history).not.toContain('up + 4');
  });
});

describe('rangeKey', () => {
  it('finds "the last hour" again after "now" has moved, but not another range', () => {
    expect(rangeKey(NOW - HOUR, NOW, NOW)).toBe(rangeKey(NOW + 5000 - HOUR, NOW + 5000, NOW + 5000));
    expect(rangeKey(NOW - HOUR, NOW, NOW)).not.toBe(rangeKey(NOW - 6 * HOUR, NOW, NOW));
    expect(rangeKey(NOW - 2 * HOUR, NOW - HOUR, NOW)).not.toBe(rangeKey(NOW - HOUR, NOW, NOW));
  });
});
