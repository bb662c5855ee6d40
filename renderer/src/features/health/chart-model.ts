import type { RangeResult } from '../../../../shared/domain/health';
import type { MetricSeries } from '../../../../shared/domain/metrics';
import type { PanelQuery } from '../../../../shared/health-panels';

type QueryResult = RangeResult['results'][number];

/** One point of a line: a time (unix ms) and its value, null where the series has a gap. */
export interface ChartPoint {
  t: number;
  v: number | null;
}

export interface ChartLine {
  /** Names the line among its chart's: "s0", "s1", … */
  key: string;
  name: string;
  colour: number;
  /**
   * This line's own points, oldest first. Each line keeps its own array: series are downsampled
   * one by one, so their times differ, and a null here (main's marker for a gap) must break this
   * line rather than be stepped over.
   */
  points: ChartPoint[];
}

/** A query that drew nothing, named on its chart with the reason. */
export interface ChartProblem {
  legend: string;
  promql: string;
  problem: string;
}

export interface ChartModel {
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
 * Turns main's answer into what recharts draws: one line per series, each with its own points on
 * a numeric time axis. Gaps stay gaps: recharts breaks a line at a null value, and a line never
 * sees the times of the others. Queries without series become problems, named on the chart.
 */
export function buildChartModel(
  results: readonly QueryResult[],
  definitions: readonly PanelQuery[] = [],
): ChartModel {
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
      lines.push({
        key: `s${lines.length}`,
        name: seriesName(result, series, definition),
        colour: lines.length % PALETTE_SIZE,
        points: series.points.map(([t, v]) => ({ t, v })),
      });
      points += series.points.length;
      rawPoints += series.rawPointCount;
    }
  });

  return { lines, problems, points, rawPoints };
}
