import { vi, type Mock } from 'vitest';
import type { Alerts, HealthOverview, RangeResult } from '../../../shared/domain/health';
import { HEALTH_PANELS } from '../../../shared/health-panels';
import { OppError } from '../../../shared/errors';
import type { CallInput } from '../../../shared/ipc/contract';
import type { OppApi } from '../../../shared/ipc/opp-api';

type Health = OppApi['health'];

/** The fake's `health.*` calls, as `vi.fn`s. */
export interface FakeHealthApi {
  overview: Mock<Health['overview']>;
  range: Mock<Health['range']>;
  queryHistory: Mock<Health['queryHistory']>;
  alerts: Mock<Health['alerts']>;
  silence: Mock<Health['silence']>;
  expireSilence: Mock<Health['expireSilence']>;
}

/** What the fake's monitoring starts with (every environment shares it). */
export interface FakeHealthSeed {
  overview?: HealthOverview;
  alerts?: Alerts;
  history?: readonly string[];
}

const CORE = ['api', 'database', 'cache', 'gateway', 'web'] as const;
const JOBS = [
  ['openpolicy-api', 'api:8000'],
  ['prometheus', 'localhost:9090'],
  ['alertmanager', 'alertmanager:9093'],
  ['node-exporter', 'node:9100'],
] as const;

/** A platform that is all well: "core 5/5 healthy, monitoring 4/4 up". */
export function sampleOverview(overrides: Partial<HealthOverview> = {}): HealthOverview {
  const now = new Date().toISOString();
  return {
    asOf: now,
    fromCache: false,
    platform: {
      status: 'healthy',
      components: CORE.map((name, index) => ({
        name,
        status: 'healthy',
        latencyMs: 2 + index * 3,
        message: null,
        lastHealthyAt: now,
      })),
      problem: null,
    },
    monitoring: {
      targets: JOBS.map(([job, instance]) => ({
        job,
        instance,
        health: 'up',
        lastScrape: now,
        lastError: null,
        lastUpAt: now,
      })),
      problem: null,
    },
    summary: 'core 5/5 healthy, monitoring 4/4 up',
    ...overrides,
  };
}

/** Two firing, one pending, one silenced alert; their rules; the silence. */
export function sampleAlerts(overrides: Partial<Alerts> = {}): Alerts {
  const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
  const alert = (
    name: string,
    severity: string,
    state: Alerts['alerts'][number]['state'],
    summary: string,
    extra: Record<string, string> = {},
    silencedBy: string[] = [],
  ): Alerts['alerts'][number] => ({
    fingerprint: `fp-${name}`,
    name,
    severity,
    state,
    labels: { alertname: name, severity, ...extra },
    summary,
    description: null,
    startsAt: ago(42),
    silencedBy,
  });
  return {
    asOf: new Date().toISOString(),
    fromCache: false,
    source: 'alertmanager',
    alerts: [
      alert('TargetDown', 'critical', 'firing', 'node-exporter has been down for 1 minute', {
        job: 'node-exporter',
        instance: 'node:9100',
      }),
      alert('HighLatencyP95', 'warning', 'pending', 'API p95 latency above 1 s', { job: 'openpolicy-api' }),
      alert('ConfigReloaded', 'info', 'firing', 'Prometheus configuration reloaded'),
      alert('DiskAlmostFull', 'warning', 'suppressed', 'Disk / is 91% full', { mountpoint: '/' }, [
        'silence-1',
      ]),
    ],
    rules: [
      {
        name: 'TargetDown',
        group: 'availability',
        state: 'firing',
        health: 'ok',
        query: 'up == 0',
        lastError: null,
      },
      {
        name: 'HighErrorRatio',
        group: 'api',
        state: 'inactive',
        health: 'ok',
        query:
          'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
        lastError: null,
      },
    ],
    silences: [
      {
        id: 'silence-1',
        matchers: [
          { name: 'alertname', value: 'DiskAlmostFull', isRegex: false, isEqual: true },
          { name: 'mountpoint', value: '/', isRegex: false, isEqual: true },
        ],
        startsAt: ago(30),
        endsAt: new Date(Date.now() + 90 * 60_000).toISOString(),
        createdBy: 'bob',
        comment: 'Cleanup running',
        state: 'active',
      },
    ],
    problem: null,
    ...overrides,
  };
}

function panelSeriesLabels(legend: string | { label: string }): Record<string, string>[] {
  if (typeof legend === 'string') return [{}];
  const values: Record<string, string[]> = {
    status_class: ['2xx', '5xx'],
    outcome: ['success', 'failure'],
    instance: ['node:9100'],
    mountpoint: ['/'],
  };
  return (values[legend.label] ?? ['a']).map((value) => ({ [legend.label]: value }));
}

/**
 * What main answers for a range: each query of the panel (or the explorer's one) with series of
 * at most `widthPx` points spread over the range, as main's downsampling guarantees.
 */
export function fakeRangeResult(input: CallInput<'health.range'>): RangeResult {
  const queries =
    'panel' in input.source
      ? (HEALTH_PANELS.find((panel) => panel.id === (input.source as { panel: string }).panel)?.queries ?? [])
      : [{ legend: input.source.promql, promql: input.source.promql }];
  const count = Math.max(2, Math.min(input.widthPx, 30));
  const step = (input.end - input.start) / (count - 1);
  return {
    asOf: new Date().toISOString(),
    fromCache: false,
    stepSeconds: Math.max(1, Math.round((input.end - input.start) / 1000 / input.widthPx)),
    results: queries.map((query, queryIndex) => ({
      legend: typeof query.legend === 'string' ? query.legend : query.legend.label,
      promql: query.promql,
      series: panelSeriesLabels(query.legend).map((labels, seriesIndex) => ({
        labels,
        points: Array.from({ length: count }, (_, i): [number, number] => [
          Math.round(input.start + i * step),
          0.2 + 0.1 * queryIndex + 0.05 * seriesIndex + 0.05 * Math.sin(i / 3),
        ]),
        rawPointCount: count * 4,
      })),
      problem: null,
    })),
  };
}

function labelsMatch(
  labels: Readonly<Record<string, string>>,
  matchers: CallInput<'health.silence'>['matchers'],
): boolean {
  return matchers.every((matcher) => {
    const value = labels[matcher.name] ?? '';
    return matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test(value) : value === matcher.value;
  });
}

/**
 * Main's health calls over a small monitoring stack: silences suppress the alerts whose labels
 * they match and expiring one brings them back; explorer queries go into the history.
 */
export function createFakeHealthApi(seed: FakeHealthSeed = {}): FakeHealthApi {
  let alerts = structuredClone(seed.alerts ?? sampleAlerts());
  let history = [...(seed.history ?? [])];
  let nextSilence = alerts.silences.length + 1;
  /** The state an alert had before a silence suppressed it. */
  const before = new Map<string, 'firing' | 'pending'>();

  return {
    overview: vi.fn(() => Promise.resolve(structuredClone(seed.overview ?? sampleOverview()))),
    range: vi.fn((input) => {
      if ('promql' in input.source) {
        const promql = input.source.promql;
        history = [promql, ...history.filter((query) => query !== promql)].slice(0, 20);
      }
      return Promise.resolve(fakeRangeResult(input));
    }),
    queryHistory: vi.fn(() => Promise.resolve([...history])),
    alerts: vi.fn(() => Promise.resolve(structuredClone(alerts))),
    silence: vi.fn(({ matchers, durationMinutes, comment }) => {
      const id = `silence-${nextSilence++}`;
      const now = Date.now();
      alerts = {
        ...alerts,
        silences: [
          ...alerts.silences,
          {
            id,
            matchers: matchers.map((m) => ({ ...m, isEqual: true })),
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + durationMinutes * 60_000).toISOString(),
            createdBy: 'alice',
            comment,
            state: 'active',
          },
        ],
        alerts: alerts.alerts.map((alert) => {
          if (!labelsMatch(alert.labels, matchers)) return alert;
          if (alert.state !== 'suppressed') before.set(alert.fingerprint, alert.state);
          return { ...alert, state: 'suppressed', silencedBy: [...alert.silencedBy, id] };
        }),
      };
      return Promise.resolve({ silenceId: id });
    }),
    expireSilence: vi.fn(({ silenceId }) => {
      if (!alerts.silences.some((silence) => silence.id === silenceId)) {
        return Promise.reject(new OppError('NOT_FOUND', `Silence ${silenceId} does not exist.`));
      }
      alerts = {
        ...alerts,
        silences: alerts.silences.map((silence) =>
          silence.id === silenceId
            ? { ...silence, state: 'expired', endsAt: new Date().toISOString() }
            : silence,
        ),
        alerts: alerts.alerts.map((alert) => {
          if (!alert.silencedBy.includes(silenceId)) return alert;
          const silencedBy = alert.silencedBy.filter((id) => id !== silenceId);
          if (silencedBy.length > 0) return { ...alert, silencedBy };
          return { ...alert, silencedBy, state: before.get(alert.fingerprint) ?? 'firing' };
        }),
      };
      return Promise.resolve(undefined);
    }),
  };
}
