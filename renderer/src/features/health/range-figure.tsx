import { memo, useCallback, useId, useMemo, useState, type ReactElement } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditRow } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { PanelQuery } from '../../../../shared/health-panels';
import { ErrorMessage } from '../../components/error-message';
import { formatSeconds } from '../../components/time-words';
import { useOpenAuditEvent } from './audit-event-link';
import { AuditMarkerLayer, MarkerDetails, type MarkerCluster } from './audit-markers';
import { buildChartModel, type ChartModel, type ChartProblem } from './chart-model';
import { useHealthRange, type RangeData, type RangeSource } from './health-queries';
import { formatAxisTime, formatPointTime, timeAxisTicks, type TimeRange } from './health-time';
import { formatValue, unitWords, type ChartUnit } from './health-units';
import { useMeasuredWidth } from './use-measured-width';

export const CHART_HEIGHT = 220;
/** Left of the plot: the value axis; right: room for the last tick label. */
const Y_AXIS_WIDTH = 64;
const MARGIN = { top: 12, right: 16, bottom: 0, left: 0 } as const;
/** The tooltip follows the theme (recharts styles it inline). */
const TOOLTIP_STYLE = {
  background: 'var(--color-surface-raised)',
  border: '1px solid var(--color-border)',
  borderRadius: 'var(--radius)',
  fontSize: 12,
} as const;
const TOOLTIP_LABEL_STYLE = { color: 'var(--color-text)', fontWeight: 600 } as const;
/** Width sent to main: the plot's, rounded down so that small resizes keep the same query. */
const WIDTH_STEP = 10;
/** Room for one time label ("3 May 14:00") and the gap after it. */
const TICK_SPACING_PX = 100;

/** The plot's width (what main downsamples to) for a chart `width` pixels wide. */
export function plotWidthFor(width: number): number {
  const plot = width - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right;
  return Math.max(10, Math.floor(plot / WIDTH_STEP) * WIDTH_STEP);
}

export interface Threshold {
  value: number;
  label: string;
}

function ProblemList({ problems }: { problems: readonly ChartProblem[] }): ReactElement {
  return (
    <ul className="chart__problems">
      {problems.map((problem) => (
        <li key={`${problem.legend}\u0000${problem.promql}`} className="chart__problem">
          <span className="chart__problem-reason">
            {problem.legend !== '' ? `${problem.legend}: ` : ''}
            {problem.problem}
          </span>
          <code className="chart__promql">{problem.promql}</code>
        </li>
      ))}
    </ul>
  );
}

/** The drawing itself: props kept referentially stable, animation off, so live refreshes stay cheap. */
const LineDrawing = memo(function LineDrawing({
  width,
  data,
  model,
  unit,
  threshold,
  markers,
  activeMarker,
  onMarkerHover,
  onMarkerActivate,
}: {
  width: number;
  data: RangeData;
  model: ChartModel;
  unit: ChartUnit;
  threshold: Threshold | null;
  markers: readonly AuditRow[] | undefined;
  activeMarker: number | null;
  onMarkerHover: (cluster: MarkerCluster | null) => void;
  onMarkerActivate: (cluster: MarkerCluster) => void;
}): ReactElement {
  const span = data.end - data.start;
  const domain = useMemo(() => [data.start, data.end] as [number, number], [data.start, data.end]);
  const xTicks = useMemo(
    () => timeAxisTicks(data.start, data.end, Math.floor(plotWidthFor(width) / TICK_SPACING_PX)),
    [data.start, data.end, width],
  );
  const xTick = useCallback((value: number) => formatAxisTime(value, span), [span]);
  const yTick = useCallback((value: number) => formatValue(value, unit), [unit]);
  const tooltipValue = useCallback(
    (value: unknown) => formatValue(typeof value === 'number' ? value : null, unit),
    [unit],
  );
  const tooltipLabel = useCallback(
    (label: unknown) => (typeof label === 'number' ? formatPointTime(label) : String(label)),
    [],
  );
  const thresholdLabel = useMemo(
    () =>
      threshold === null
        ? undefined
        : {
            value: threshold.label,
            position: 'insideTopRight' as const,
            className: 'chart__threshold-label',
          },
    [threshold],
  );

  return (
    // No chart-level data: each line brings its own points (see buildChartModel).
    <LineChart width={width} height={CHART_HEIGHT} margin={MARGIN}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} className="chart__grid" />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={domain}
        allowDataOverflow
        ticks={xTicks}
        tickFormatter={xTick}
        minTickGap={48}
      />
      <YAxis width={Y_AXIS_WIDTH} tickFormatter={yTick} />
      <Tooltip
        formatter={tooltipValue}
        labelFormatter={tooltipLabel}
        contentStyle={TOOLTIP_STYLE}
        labelStyle={TOOLTIP_LABEL_STYLE}
        isAnimationActive={false}
      />
      <Legend />
      {model.lines.map((line) => (
        <Line
          key={line.key}
          data={line.points}
          type="linear"
          dataKey="v"
          name={line.name}
          stroke={`var(--chart-${line.colour})`}
          strokeWidth={1.5}
          dot={false}
          // Never connectNulls: a null is a gap (a target that was down), drawn as a break.
          isAnimationActive={false}
        />
      ))}
      {threshold !== null && (
        <ReferenceLine
          y={threshold.value}
          className="chart__threshold"
          stroke="var(--color-danger)"
          strokeDasharray="6 4"
          ifOverflow="extendDomain"
          label={thresholdLabel}
        />
      )}
      {markers !== undefined && markers.length > 0 && (
        <AuditMarkerLayer
          events={markers}
          activeId={activeMarker}
          onHover={onMarkerHover}
          onActivate={onMarkerActivate}
        />
      )}
    </LineChart>
  );
});

/**
 * One chart: measures its plot, asks main for the series at that width over the range, and
 * draws them. A query that failed or found nothing is named on the chart with its PromQL and the
 * reason, never left as an empty frame. Memoised: give it stable props (see charts-tab.tsx).
 */
export const RangeFigure = memo(function RangeFigure({
  environmentId,
  testId,
  title,
  source,
  unit,
  threshold,
  definitions,
  range,
  markers,
}: {
  environmentId: EnvironmentId;
  testId: string;
  title: string;
  source: RangeSource;
  unit: ChartUnit;
  threshold: Threshold | null;
  /** The panel's queries (for legends and to name them when the whole call fails). */
  definitions: readonly PanelQuery[];
  range: TimeRange;
  markers: readonly AuditRow[] | undefined;
}): ReactElement {
  const captionId = useId();
  const [measureRef, width] = useMeasuredWidth<HTMLDivElement>();
  const widthPx = width === null ? null : plotWidthFor(width);
  const query = useHealthRange({ environmentId, source, range, widthPx });
  const model = useMemo(
    () => (query.data === undefined ? null : buildChartModel(query.data.results, definitions)),
    [query.data, definitions],
  );

  const openAuditEvent = useOpenAuditEvent(environmentId);
  const [hovered, setHovered] = useState<MarkerCluster | null>(null);
  const [pinned, setPinned] = useState<MarkerCluster | null>(null);
  const activate = useCallback(
    (cluster: MarkerCluster) => {
      const only = cluster.events.length === 1 ? cluster.events[0] : undefined;
      if (only !== undefined) openAuditEvent(only.id);
      else setPinned(cluster);
    },
    [openAuditEvent],
  );
  const shownCluster = pinned ?? hovered;

  const promqls = 'promql' in source ? [source.promql] : definitions.map((definition) => definition.promql);
  let body: ReactElement;
  if (query.data !== undefined && model !== null && width !== null) {
    body =
      model.lines.length === 0 ? (
        <div className="chart__empty" role="note">
          <p className="chart__empty-title">Nothing to draw</p>
          <ProblemList problems={model.problems} />
        </div>
      ) : (
        <LineDrawing
          width={width}
          data={query.data}
          model={model}
          unit={unit}
          threshold={threshold}
          markers={markers}
          activeMarker={shownCluster?.id ?? null}
          onMarkerHover={setHovered}
          onMarkerActivate={activate}
        />
      );
  } else if (query.isError) {
    body = (
      <div className="chart__empty">
        <ErrorMessage
          error={query.error}
          title={`${title} could not be loaded.`}
          onRetry={() => void query.refetch()}
        />
        <ul className="chart__problems">
          {promqls.map((promql) => (
            <li key={promql} className="chart__problem">
              <code className="chart__promql">{promql}</code>
            </li>
          ))}
        </ul>
      </div>
    );
  } else {
    body = <div className="skeleton chart__skeleton" role="status" aria-label={`Loading ${title}…`} />;
  }

  const data = query.data;
  return (
    <figure className="chart" data-testid={testId} aria-labelledby={captionId} aria-busy={query.isFetching}>
      <div className="chart__header">
        <figcaption className="chart__title" id={captionId}>
          {title}
        </figcaption>
        {data !== undefined && model !== null && model.lines.length > 0 && (
          <span className="chart__meta">
            {unitWords(unit)} · step {formatSeconds(data.stepSeconds)}
            {model.rawPoints > model.points ? ` · ${model.points} of ${model.rawPoints} points` : ''}
          </span>
        )}
      </div>
      <div className="chart__plot" ref={measureRef} style={{ minHeight: CHART_HEIGHT }}>
        {body}
      </div>
      {model !== null && model.lines.length > 0 && model.problems.length > 0 && (
        <ProblemList problems={model.problems} />
      )}
      {threshold !== null && model !== null && model.lines.length > 0 && (
        <p className="visually-hidden">Threshold: {threshold.label}</p>
      )}
      {shownCluster !== null && (
        <MarkerDetails
          cluster={shownCluster}
          pinned={pinned !== null}
          onOpen={(event) => openAuditEvent(event.id)}
          onClose={() => setPinned(null)}
        />
      )}
    </figure>
  );
});
