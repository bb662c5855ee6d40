import type { z } from 'zod';
import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import { rangeResultSchema, type RangeResult, type rangeInputSchema } from '../../shared/domain/health';
import { HEALTH_PANELS, type PanelQuery } from '../../shared/health-panels';
import type { Logger } from '../log/logger';
import { queryKey, type HealthCache } from './health-cache';
import { downsample, downsampleColumns } from './lttb';
import { isCancelled, isOfflineError } from './monitoring-errors';
import {
  samplesToColumns,
  type PrometheusClient,
  type QueryOutcome,
  type RawSeries,
} from './prometheus-client';
import { planRange } from './step';

export type RangeInput = z.output<typeof rangeInputSchema>;
type QueryResult = RangeResult['results'][number];

/** A query that matches more series than a chart can tell apart is cut here, and says so. */
export const MAX_SERIES_PER_QUERY = 250;

export interface RangeServiceDeps {
  environments: { require(id: string): Environment };
  prometheus(environment: Environment): Promise<PrometheusClient | null>;
  cache: HealthCache;
  log: Logger;
  now?: () => number;
}

/**
 * The legend of a query's result. A fixed legend is sent as is; a legend taken from a label is
 * sent in Grafana's legend-format notation, `{{label}}`, which the chart fills from each series'
 * labels (see seriesName). The explorer's queries have no legend: their series are named by
 * their label sets, so the legend is the query itself.
 */
export function legendOf(query: PanelQuery): string {
  return typeof query.legend === 'string' ? query.legend : `{{${query.legend.label}}}`;
}

/** The name a series is drawn under: the legend with `{{label}}` filled in, or its label set. */
export function seriesName(legend: string, labels: Record<string, string>): string {
  if (!legend.includes('{{')) return legend;
  return legend.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, label: string) => labels[label] ?? '');
}

/**
 * A coarse key for the offline copy of a range: its length to two significant figures, and
 * whether it ends now. Offline, "the last hour" still finds the last hour fetched although
 * "now" has moved on; a fixed range in the past finds itself by its end minute.
 */
export function rangeKey(startMs: number, endMs: number, nowMs: number): string {
  const span = Number((endMs - startMs).toPrecision(2));
  const live = endMs >= nowMs - 60_000;
  return `${span}|${live ? 'live' : Math.floor(endMs / 60_000)}`;
}

/** Series of one range request, downsampled in main so no series has more points than the chart is wide. */
export class RangeService {
  /** One controller per environment and chart: a newer request aborts the older one. */
  private readonly inFlight = new Map<string, AbortController>();
  private readonly now: () => number;

  constructor(private readonly deps: RangeServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async range(input: RangeInput): Promise<RangeResult> {
    const environment = this.deps.environments.require(input.environmentId);
    const { sourceKey, queries } = resolveSource(input.source);
    if ('promql' in input.source) this.deps.cache.rememberQuery(environment.id, input.source.promql);
    const plan = planRange(input.start, input.end, input.widthPx);
    const cacheKey = `range:${sourceKey}:${rangeKey(input.start, input.end, this.now())}`;

    const prometheus = await this.deps.prometheus(environment);
    if (prometheus === null) {
      const problem = 'No Prometheus is configured for this environment: add its address to draw this chart.';
      return {
        asOf: new Date(this.now()).toISOString(),
        fromCache: false,
        stepSeconds: plan.stepSeconds,
        results: queries.map((query) => ({ ...query, series: [], problem })),
      };
    }

    const flightKey = `${environment.id}\u0000${sourceKey}`;
    this.inFlight.get(flightKey)?.abort();
    const controller = new AbortController();
    this.inFlight.set(flightKey, controller);
    let outcomes: QueryOutcome<RawSeries[]>[];
    try {
      outcomes = await Promise.all(
        queries.map((query) => prometheus.queryRange(query.promql, plan, controller.signal)),
      );
    } catch (error) {
      const superseded = this.inFlight.get(flightKey) !== controller || isCancelled(error);
      // One query failing to reach Prometheus dooms the others: stop them too.
      controller.abort();
      if (superseded) {
        throw new OppError('UPSTREAM', 'A newer request for this chart replaced this one.', {
          cancelled: true,
        });
      }
      return this.fromCache(environment.id, cacheKey, input.widthPx, error);
    } finally {
      if (this.inFlight.get(flightKey) === controller) this.inFlight.delete(flightKey);
    }

    const answer: RangeResult = {
      asOf: new Date(this.now()).toISOString(),
      fromCache: false,
      stepSeconds: plan.stepSeconds,
      results: queries.map((query, index) =>
        toResult(query, outcomes[index] as QueryOutcome<RawSeries[]>, plan.stepSeconds, input.widthPx),
      ),
    };
    this.deps.cache.saveSnapshot(environment.id, cacheKey, answer.asOf, answer);
    return answer;
  }

  /** The environment's recent explorer queries, newest first. */
  history(environmentId: string): string[] {
    return this.deps.cache.history(this.deps.environments.require(environmentId).id);
  }

  private fromCache(environmentId: string, key: string, widthPx: number, error: unknown): RangeResult {
    if (!isOfflineError(error)) throw error;
    const cached = this.deps.cache.snapshot(environmentId, key, rangeResultSchema);
    if (cached === null) throw error;
    this.deps.log.info('health: range answered from the offline copy', {
      env: environmentId,
      code: error.code,
    });
    return {
      ...cached,
      fromCache: true,
      // Saved for another chart width, perhaps: never send more points than this chart has pixels.
      results: cached.results.map((result) => ({
        ...result,
        series: result.series.map((series) => ({ ...series, points: downsample(series.points, widthPx) })),
      })),
    };
  }
}

function resolveSource(source: RangeInput['source']): {
  sourceKey: string;
  queries: { legend: string; promql: string }[];
} {
  if ('promql' in source) {
    return {
      sourceKey: `promql:${queryKey(source.promql)}`,
      queries: [{ legend: source.promql, promql: source.promql }],
    };
  }
  const panel = HEALTH_PANELS.find((candidate) => candidate.id === source.panel);
  if (panel === undefined) {
    throw new OppError('VALIDATION', `There is no chart panel named "${source.panel.slice(0, 64)}".`, {
      issues: [{ path: 'source.panel', message: 'Unknown panel.' }],
    });
  }
  return {
    sourceKey: `panel:${panel.id}`,
    queries: panel.queries.map((query: PanelQuery) => ({ legend: legendOf(query), promql: query.promql })),
  };
}

function toResult(
  query: { legend: string; promql: string },
  outcome: QueryOutcome<RawSeries[]>,
  stepSeconds: number,
  widthPx: number,
): QueryResult {
  if (!outcome.ok)
    return { ...query, series: [], problem: `Prometheus could not run this query: ${outcome.problem}` };
  if (outcome.data.length === 0) {
    return { ...query, series: [], problem: `no data for ${query.promql} in this range` };
  }
  const named = outcome.data
    .map((raw) => ({ raw, name: seriesName(query.legend, raw.labels) || JSON.stringify(raw.labels) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const series = named.slice(0, MAX_SERIES_PER_QUERY).map(({ raw }) => ({
    labels: raw.labels,
    points: downsampleColumns(samplesToColumns(raw.samples, stepSeconds), widthPx),
    rawPointCount: raw.samples.length,
  }));
  const cut =
    named.length > MAX_SERIES_PER_QUERY
      ? `This query matched ${named.length} series; the chart shows the first ${MAX_SERIES_PER_QUERY}. Narrow it with labels or an aggregation.`
      : null;
  return { ...query, series, problem: cut };
}
