import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import { MemoryLogger } from '../log/logger';
import { HealthCache } from './health-cache';
import { OverviewService } from './overview-service';
import { PrometheusClient, type HttpPort } from './prometheus-client';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const ENVIRONMENT: Environment = {
  id: 'legacy',
  name: 'Legacy',
  apiUrl: 'http://api.test',
  prometheus: null,
  alertmanager: null,
  caFile: null,
  colour: 'grey',
  isProduction: false,
  position: 0,
};

/** A server stub that answers by path; a missing path is a refused connection. */
function server(describe: string, pages: Record<string, () => HttpAnswer>): HttpPort {
  return {
    describe,
    request(request: HttpRequest) {
      const page = pages[request.path];
      return page === undefined
        ? Promise.reject(new OppError('OFFLINE', `${describe} cannot be reached (ECONNREFUSED).`))
        : Promise.resolve(page());
    },
  };
}
const json = (status: number, body: unknown): HttpAnswer => ({ status, headers: {}, body, malformed: false });

const COMPREHENSIVE = {
  status: 'warning',
  components: {
    api: { status: 'healthy', latency_ms: 0 },
    database: { status: 'warning', latency_ms: 12.5, message: 'slow' },
    cache: { status: 'healthy' },
    gateway: { status: 'healthy' },
    web: { status: 'healthy' },
    search: { status: 'degraded' },
  },
  // A zoneless legacy timestamp, 4 minutes old: a cached page.
  timestamp: '2026-11-27T11:56:00',
};

let folder: string;
let cache: HealthCache;
let api: HttpPort;
let prometheus: HttpPort | null;
let now = NOW;
let service: OverviewService;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-health-overview-'));
  cache = new HealthCache(
    folder,
    () => true,
    () => now,
  );
  now = NOW;
  prometheus = null;
  service = new OverviewService({
    environments: { require: () => ENVIRONMENT },
    api: () => api,
    prometheus: () => Promise.resolve(prometheus === null ? null : new PrometheusClient(prometheus)),
    cache,
    log: new MemoryLogger(),
    now: () => now,
  });
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('OverviewService', () => {
  it('lists the core components first, and says when the health page is a cached copy', async () => {
    api = server('the platform API', { '/api/v1/health/comprehensive': () => json(200, COMPREHENSIVE) });
    const overview = await service.overview('legacy');
    expect(overview.summary).toBe('core 4/6 healthy, monitoring not configured');
    expect(overview.platform.status).toBe('warning');
    expect(overview.platform.components.map((c) => [c.name, c.status])).toEqual([
      ['api', 'healthy'],
      ['database', 'warning'],
      ['cache', 'healthy'],
      ['gateway', 'healthy'],
      ['web', 'healthy'],
      ['search', 'unknown'],
    ]);
    expect(overview.platform.problem).toMatch(/240 s old.*300 s/);
    expect(overview.monitoring).toEqual({
      targets: [],
      problem: 'No Prometheus is configured for this environment.',
    });
  });

  it('falls back to the basic health page, and says it may be cached', async () => {
    api = server('the platform API', {
      '/api/v1/health/comprehensive': () => json(404, { detail: 'Not Found' }),
      '/api/v1/health': () => json(200, { status: 'healthy', service: 'openpolicy-api', version: '4.0.0' }),
    });
    const overview = await service.overview('legacy');
    expect(overview.summary).toBe('core healthy (basic health only), monitoring not configured');
    expect(overview.platform.components).toHaveLength(1);
    expect(overview.platform.components[0]?.message).toMatch(/300 s/);
    expect(overview.platform.problem).toMatch(/no comprehensive health.*300 s/);
  });

  it('keeps when each part was last well, and shows it when the core cannot be reached', async () => {
    api = server('the platform API', { '/api/v1/health/comprehensive': () => json(200, COMPREHENSIVE) });
    prometheus = server('Prometheus', {
      '/api/v1/targets': () =>
        json(200, {
          status: 'success',
          data: {
            activeTargets: [
              {
                labels: { job: 'openpolicy-api', instance: 'api:8000' },
                health: 'up',
                lastScrape: '2026-11-27T11:59:58.5Z',
                lastError: '',
              },
              {
                labels: { job: 'node-exporter', instance: 'node:9100' },
                health: 'down',
                lastScrape: '0001-01-01T00:00:00Z',
                lastError: 'connection refused',
              },
            ],
          },
        }),
    });
    const first = await service.overview('legacy');
    expect(first.summary).toBe('core 4/6 healthy, monitoring 1/2 up');
    expect(first.monitoring.targets).toEqual([
      {
        job: 'node-exporter',
        instance: 'node:9100',
        health: 'down',
        lastScrape: null,
        lastError: 'connection refused',
        lastUpAt: null,
      },
      {
        job: 'openpolicy-api',
        instance: 'api:8000',
        health: 'up',
        lastScrape: '2026-11-27T11:59:58.500Z',
        lastError: null,
        lastUpAt: '2026-11-27T11:59:58.500Z',
      },
    ]);

    now = NOW + 60_000;
    api = server('the platform API', {});
    const later = await service.overview('legacy');
    expect(later.fromCache).toBe(false);
    expect(later.summary).toBe('core unreachable, monitoring 1/2 up');
    expect(later.platform.problem).toBe('the platform API cannot be reached (ECONNREFUSED).');
    expect(later.platform.components.find((c) => c.name === 'api')).toEqual({
      name: 'api',
      status: 'unknown',
      latencyMs: null,
      message: null,
      lastHealthyAt: new Date(NOW).toISOString(),
    });
    expect(later.platform.components.find((c) => c.name === 'database')?.lastHealthyAt).toBeNull();

    // Neither answers: the last overview, as of then.
    prometheus = server('Prometheus', {});
    expect(await service.overview('legacy')).toEqual({ ...later, fromCache: true });
  });

  it('throws the error when nothing was ever fetched', async () => {
    api = server('the platform API', {});
    await expect(service.overview('legacy')).rejects.toMatchObject({ code: 'OFFLINE' });
  });
});
