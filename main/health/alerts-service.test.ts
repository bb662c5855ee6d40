import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import type { Session } from '../../shared/domain/session';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import { MemoryLogger } from '../log/logger';
import { AlertmanagerClient } from './alertmanager-client';
import { AlertsService } from './alerts-service';
import { HealthCache } from './health-cache';
import { PrometheusClient, type HttpPort } from './prometheus-client';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const ENVIRONMENT: Environment = {
  id: 'prod',
  name: 'Prod',
  apiUrl: 'http://api.test',
  prometheus: { url: 'http://prom.test', auth: 'none' },
  alertmanager: { url: 'http://am.test', auth: 'none' },
  caFile: null,
  colour: 'red',
  isProduction: true,
  position: 0,
};

function server(
  describe: string,
  pages: Record<string, (request: HttpRequest) => HttpAnswer>,
): HttpPort & {
  seen: HttpRequest[];
} {
  const seen: HttpRequest[] = [];
  return {
    describe,
    seen,
    request(request: HttpRequest) {
      seen.push(request);
      const page = pages[`${request.method} ${request.path}`];
      return page === undefined
        ? Promise.reject(new OppError('OFFLINE', `${describe} cannot be reached (ECONNREFUSED).`))
        : Promise.resolve(page(request));
    },
  };
}
const ok = (data: unknown): HttpAnswer => ({
  status: 200,
  headers: {},
  body: { status: 'success', data },
  malformed: false,
});

const PROMETHEUS_PAGES = {
  'GET /api/v1/alerts': () =>
    ok({
      alerts: [
        {
          labels: { alertname: 'OPPHighCpuUsage', severity: 'warning' },
          annotations: { summary: 'CPU' },
          state: 'pending',
          activeAt: '2026-11-27T11:59:00.123456Z',
        },
        {
          labels: { alertname: 'OPPTargetDown', severity: 'critical', job: 'web' },
          annotations: {},
          state: 'firing',
          activeAt: '2026-11-27T11:50:00Z',
        },
      ],
    }),
  'GET /api/v1/rules': () =>
    ok({
      groups: [
        {
          name: 'opp-alerts',
          rules: [
            {
              type: 'alerting',
              name: 'OPPTargetDown',
              query: 'up == 0',
              health: 'ok',
              state: 'firing',
              lastError: '',
            },
            { type: 'recording', name: 'job:up:sum', query: 'sum(up)', health: 'ok' },
          ],
        },
      ],
    }),
};

let folder: string;
let cache: HealthCache;
let prometheus: ReturnType<typeof server>;
let alertmanager: ReturnType<typeof server>;
let session: Session | null;
const changed: string[] = [];
let service: AlertsService;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-health-alerts-'));
  cache = new HealthCache(
    folder,
    () => true,
    () => NOW,
  );
  prometheus = server('Prometheus at http://prom.test', PROMETHEUS_PAGES);
  alertmanager = server('AlertManager at http://am.test', {});
  session = null;
  changed.length = 0;
  service = new AlertsService({
    environments: { require: () => ENVIRONMENT },
    prometheus: () => Promise.resolve(new PrometheusClient(prometheus)),
    alertmanager: () => Promise.resolve(new AlertmanagerClient(alertmanager)),
    sessions: { get: () => session },
    cache,
    changed: (id) => changed.push(id),
    log: new MemoryLogger(),
    now: () => NOW,
  });
});
afterEach(() => {
  cache.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const admin: Session = {
  environmentId: 'prod',
  username: 'root',
  userId: 1,
  role: 'admin',
  permissions: ['read', 'admin'],
  capabilities: [],
  expiresAt: new Date(NOW + 3600_000).toISOString(),
  memoryOnly: false,
};

describe('AlertsService', () => {
  it("answers Prometheus' alerts, critical first, when AlertManager cannot be reached, and says so", async () => {
    const answer = await service.alerts('prod');
    expect(answer.source).toBe('prometheus');
    expect(answer.fromCache).toBe(false);
    expect(answer.alerts.map((a) => [a.name, a.state, a.startsAt])).toEqual([
      ['OPPTargetDown', 'firing', '2026-11-27T11:50:00.000Z'],
      ['OPPHighCpuUsage', 'pending', '2026-11-27T11:59:00.123Z'],
    ]);
    expect(answer.alerts[0]?.fingerprint).toMatch(/^prometheus:[0-9a-f]{16}$/);
    expect(answer.rules).toEqual([
      {
        name: 'OPPTargetDown',
        group: 'opp-alerts',
        state: 'firing',
        health: 'ok',
        query: 'up == 0',
        lastError: null,
      },
    ]);
    expect(answer.problem).toBe(
      "AlertManager at http://am.test cannot be reached (ECONNREFUSED). Showing Prometheus' alerts, without silences.",
    );
  });

  it('silences only for a signed-in admin, as that user, for the asked duration', async () => {
    const input = {
      environmentId: 'prod',
      matchers: [{ name: 'alertname', value: 'OPPTargetDown', isRegex: false }],
      durationMinutes: 90,
      comment: 'maintenance',
    };
    await expect(service.silence(input)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    session = { ...admin, role: 'guest', permissions: ['read'] };
    await expect(service.silence(input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('lacks the admin permission'),
    });
    expect(alertmanager.seen).toEqual([]);

    session = admin;
    alertmanager = server('AlertManager at http://am.test', {
      'POST /api/v2/silences': () => ({
        status: 200,
        headers: {},
        body: { silenceID: 's-1' },
        malformed: false,
      }),
    });
    expect(await service.silence(input)).toEqual({ silenceId: 's-1' });
    expect(alertmanager.seen[0]?.body).toEqual({
      matchers: [{ name: 'alertname', value: 'OPPTargetDown', isRegex: false, isEqual: true }],
      startsAt: new Date(NOW).toISOString(),
      endsAt: new Date(NOW + 90 * 60_000).toISOString(),
      createdBy: 'root',
      comment: 'maintenance',
    });
    expect(changed).toEqual(['prod']);
  });

  it("passes on AlertManager's refusal in its own words", async () => {
    session = admin;
    alertmanager = server('AlertManager at http://am.test', {
      'POST /api/v2/silences': () => ({
        status: 400,
        headers: {},
        body: 'silence invalid: bad regex',
        malformed: false,
      }),
      'DELETE /api/v2/silence/nope': () => ({ status: 404, headers: {}, body: undefined, malformed: false }),
    });
    await expect(
      service.silence({
        environmentId: 'prod',
        matchers: [{ name: 'job', value: '(', isRegex: true }],
        durationMinutes: 5,
        comment: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('silence invalid: bad regex'),
    });
    await expect(service.expireSilence('prod', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
