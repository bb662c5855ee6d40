import type { z } from 'zod';
import { OppError } from '../../shared/errors';
import type { HttpAnswer, HttpClient, HttpRequest } from '../http/http-client';
import type { MetricPoint, SeriesColumns } from './lttb';
import { cleanWords, monitoringError, unreadableMonitoringAnswer } from './monitoring-errors';
import {
  promAlertsSchema,
  promErrorSchema,
  promInstantSchema,
  promMatrixSchema,
  promRulesSchema,
  promSuccessSchema,
  promTargetsSchema,
  type PromAlert,
  type PromInstant,
  type PromRuleGroup,
  type PromTarget,
} from './monitoring-schemas';

/** A query's answer, or why Prometheus would not run it: the chart names that reason. */
export type QueryOutcome<T> = { ok: true; data: T; warnings: string[] } | { ok: false; problem: string };

/** One series as Prometheus sent it: its labels and [seconds, "value"] samples. */
export interface RawSeries {
  labels: Record<string, string>;
  samples: [number, string][];
}

export interface RangeWindow {
  startSeconds: number;
  endSeconds: number;
  stepSeconds: number;
}

/** What the client needs of HttpClient; tests pass a stub. */
export type HttpPort = Pick<HttpClient, 'request' | 'describe'>;

/** Range queries may scan a week of samples; Prometheus' own limit is 2 minutes. */
const QUERY_TIMEOUT_MS = 30_000;

/**
 * Prometheus' HTTP API v1. Queries go as POST forms (a long PromQL query does not fit every
 * gateway's URL limit), falling back to GET where a gateway refuses POST. Every answer is checked
 * against its schema. A query Prometheus rejects (a parse error, a timeout, too many points)
 * comes back as a named problem; only a failure to reach Prometheus at all throws.
 */
export class PrometheusClient {
  constructor(private readonly http: HttpPort) {}

  get describe(): string {
    return this.http.describe;
  }

  async queryRange(
    promql: string,
    window: RangeWindow,
    signal?: AbortSignal,
  ): Promise<QueryOutcome<RawSeries[]>> {
    const outcome = await this.runQuery(
      '/api/v1/query_range',
      {
        query: promql,
        start: String(window.startSeconds),
        end: String(window.endSeconds),
        step: String(window.stepSeconds),
      },
      signal,
    );
    if (!outcome.ok) return outcome;
    const matrix = promMatrixSchema.safeParse(outcome.data);
    if (!matrix.success) throw unreadableMonitoringAnswer(this.describe);
    return {
      ok: true,
      warnings: outcome.warnings,
      data: matrix.data.result.map((series) => ({ labels: series.metric, samples: series.values ?? [] })),
    };
  }

  async query(
    promql: string,
    timeSeconds?: number,
    signal?: AbortSignal,
  ): Promise<QueryOutcome<PromInstant>> {
    const outcome = await this.runQuery(
      '/api/v1/query',
      { query: promql, ...(timeSeconds === undefined ? {} : { time: String(timeSeconds) }) },
      signal,
    );
    if (!outcome.ok) return outcome;
    const instant = promInstantSchema.safeParse(outcome.data);
    if (!instant.success) throw unreadableMonitoringAnswer(this.describe);
    return { ok: true, warnings: outcome.warnings, data: instant.data };
  }

  async targets(): Promise<PromTarget[]> {
    const data = await this.read({ method: 'GET', path: '/api/v1/targets', query: { state: 'active' } });
    return this.parse(promTargetsSchema, data).activeTargets;
  }

  /** Alerting rules only: recording rules have no state to show. */
  async rules(): Promise<PromRuleGroup[]> {
    const data = await this.read({ method: 'GET', path: '/api/v1/rules', query: { type: 'alert' } });
    return this.parse(promRulesSchema, data).groups;
  }

  async alerts(): Promise<PromAlert[]> {
    const data = await this.read({ method: 'GET', path: '/api/v1/alerts' });
    return this.parse(promAlertsSchema, data).alerts;
  }

  private async runQuery(
    path: string,
    form: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<QueryOutcome<unknown>> {
    const base = { path, timeoutMs: QUERY_TIMEOUT_MS, ...(signal === undefined ? {} : { signal }) };
    let answer = await this.http.request({ ...base, method: 'POST', form });
    if (answer.status === 405) answer = await this.http.request({ ...base, method: 'GET', query: form });
    return this.envelope(answer);
  }

  /** For the non-query APIs, where Prometheus' own error is a failure, not a chart's problem. */
  private async read(request: HttpRequest): Promise<unknown> {
    const outcome = this.envelope(await this.http.request(request));
    if (!outcome.ok) throw new OppError('UPSTREAM', `${this.describe} answered: ${outcome.problem}`);
    return outcome.data;
  }

  private envelope(answer: HttpAnswer): QueryOutcome<unknown> {
    // A gateway's refusal is about the connection, not the query.
    if (answer.status === 401 || answer.status === 403) throw monitoringError(answer, this.describe);
    const failed = promErrorSchema.safeParse(answer.body);
    if (failed.success) return { ok: false, problem: describeProblem(failed.data, answer.status) };
    if (answer.status !== 200) throw monitoringError(answer, this.describe);
    if (answer.malformed) throw unreadableMonitoringAnswer(this.describe);
    const success = promSuccessSchema.safeParse(answer.body);
    if (!success.success) throw unreadableMonitoringAnswer(this.describe);
    return { ok: true, data: success.data.data, warnings: success.data.warnings ?? [] };
  }

  private parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw unreadableMonitoringAnswer(this.describe);
    return parsed.data;
  }
}

function describeProblem(error: z.infer<typeof promErrorSchema>, status: number): string {
  const words = cleanWords(error.error ?? `HTTP ${status}`);
  return error.errorType === undefined ? words : `${words} (${cleanWords(error.errorType, 40)})`;
}

/** Prometheus' sample value: a decimal string, or "NaN", "+Inf", "-Inf", which charts show as gaps. */
export function parseSampleValue(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Samples as chart columns: times in ms, values with NaN for a gap. Prometheus leaves out the
 * instants at which a series had no sample (a target down, a series that stopped): where
 * consecutive samples are more than a step apart, a gap is put one step after the last sample, so
 * the line breaks there instead of bridging the outage.
 */
export function samplesToColumns(
  samples: readonly (readonly [number, string])[],
  stepSeconds: number,
): SeriesColumns {
  // At most one gap marker per sample.
  const times = new Float64Array(samples.length * 2);
  const values = new Float64Array(samples.length * 2);
  const stepMs = stepSeconds * 1000;
  let length = 0;
  let previous = Number.NaN;
  for (const [seconds, text] of samples) {
    const ms = Math.round(seconds * 1000);
    if (ms - previous > stepMs * 1.5) {
      times[length] = previous + stepMs;
      values[length] = Number.NaN;
      length += 1;
    }
    times[length] = ms;
    values[length] = parseSampleValue(text) ?? Number.NaN;
    length += 1;
    previous = ms;
  }
  return { times: times.subarray(0, length), values: values.subarray(0, length) };
}

/** Samples as [ms, value | null] points (see samplesToColumns). */
export function samplesToPoints(
  samples: readonly (readonly [number, string])[],
  stepSeconds: number,
): MetricPoint[] {
  const { times, values } = samplesToColumns(samples, stepSeconds);
  return Array.from(times, (time, index) => {
    const value = values[index] as number;
    return [time, Number.isNaN(value) ? null : value];
  });
}
