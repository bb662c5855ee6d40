import type { RangeResult } from '../../../../shared/domain/health';
import type { MetricSeries } from '../../../../shared/domain/metrics';
import type { PanelQuery } from '../../../../shared/health-panels';

type QueryResult = RangeResult['results'][number];

/** One row of the chart: a time and, per line, its value there (absent when that line has no point). */
export type ChartRow = { t: number } & Partial<Record<string, number | null>>;

export interface ChartLine {
  /** The row field holding this line's values: "s0", "s1", … */
  key: string;
  name: string;
  colour: number;
}

/** A query that drew nothing, named on its chart with the reason. */
export interface ChartProblem {
  legend: string;
  promql: string;
  problem: string;
}

export interface ChartModel {
  rows: ChartRow[];
  lines: ChartLine[];
  problems: ChartProblem[];
  /** Points received from main, and the points Prometheus returned before downsampling. */
  points: number;
  rawPoints: number;
}

const PALETTE_SIZE = 8;

/** `{job="api", instance="a:9090"}`, with the metric name in front as Prometheus writes it. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.entries(rest)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}="${value}"`);
  if (pairs.length === 0) return name ?? '';
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

/** The legend of one series: the panel's label value, its fixed legend, or its labels. */
export function seriesName(
  result: QueryResult,
  series: MetricSeries,
  definition: PanelQuery | undefined,
): string {
  const labels = formatLabels(series.labels);
  const legend = definition?.legend;
  if (legend !== undefined && typeof legend !== 'string') {
    return series.labels[legend.label] ?? (labels !== '' ? labels : result.legend);
  }
  if (typeof legend === 'string') {
    return result.series.length > 1 && labels !== '' ? `${legend} ${labels}` : legend;
  }
  if (labels !== '') return labels;
  return result.legend !== '' ? result.legend : result.promql;
}

/**
 * Turns main's answer into what recharts draws: one row per time, one field per series. Series
 * are downsampled one by one, so their times differ; a line skips the rows it has no point in
 * (see `connectNulls` on the chart). Queries without series become problems, named on the chart.
 */
export function buildChartModel(
  results: readonly QueryResult[],
  definitions: readonly PanelQuery[] = [],
): ChartModel {
  const rowsByTime = new Map<number, ChartRow>();
  const lines: ChartLine[] = [];
  const problems: ChartProblem[] = [];
  let points = 0;
  let rawPoints = 0;

  results.forEach((result, index) => {
    const definition = definitions.find((d) => d.promql === result.promql) ?? definitions[index];
    const drawable = result.series.filter((series) => series.points.length > 0);
    if (drawable.length === 0) {
      problems.push({
        legend: result.legend,
        promql: result.promql,
        problem: result.problem ?? 'no data',
      });
      return;
    }
    for (const series of drawable) {
      const key = `s${lines.length}`;
      lines.push({ key, name: seriesName(result, series, definition), colour: lines.length % PALETTE_SIZE });
      points += series.points.length;
      rawPoints += series.rawPointCount;
      for (const [t, value] of series.points) {
        let row = rowsByTime.get(t);
        if (row === undefined) {
          row = { t };
          rowsByTime.set(t, row);
        }
        row[key] = value;
      }
    }
  });

  const rows = [...rowsByTime.values()].sort((a, b) => a.t - b.t);
  return { rows, lines, problems, points, rawPoints };
}
