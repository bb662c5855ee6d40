import { memo, useEffect, useMemo, useState, type ReactElement } from 'react';
import { Bar, BarChart, Brush, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { describeError } from '../../components/error-messages';
import { useAuditHistogram } from './audit-queries';
import type { AuditHistogram as HistogramData } from './audit-windows';
import { countWords, formatEventTime } from './audit-words';

const CHART_HEIGHT = 88;
const FALLBACK_WIDTH = 720;
/** Pixels per bar: main is asked for no more buckets than can be drawn. */
const BAR_PX = 6;

export interface Bucket {
  start: string;
  startMs: number;
  count: number;
  label: string;
}

const labelFormats = {
  seconds: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  minutes: new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
  days: new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }),
};

function bucketLabel(ms: number, bucketMs: number): string {
  const format =
    bucketMs < 60_000
      ? labelFormats.seconds
      : bucketMs < 86_400_000
        ? labelFormats.minutes
        : labelFormats.days;
  return format.format(new Date(ms));
}

export function toBuckets(histogram: HistogramData | undefined): Bucket[] {
  if (histogram === undefined) return [];
  return histogram.buckets.map((bucket) => {
    const startMs = Date.parse(bucket.start);
    return {
      start: bucket.start,
      startMs,
      count: bucket.count,
      label: bucketLabel(startMs, histogram.bucketMs),
    };
  });
}

/**
 * The time range the brush selects: from its first bucket's start to its last bucket's last
 * millisecond (main's `from` and `to` both include their ends).
 */
export function brushedRange(
  buckets: readonly Bucket[],
  bucketMs: number,
  startIndex: number,
  endIndex: number,
): { from: string; to: string } | null {
  const first = buckets[startIndex];
  const last = buckets[endIndex];
  if (first === undefined || last === undefined) return null;
  if (startIndex === 0 && endIndex === buckets.length - 1) return null;
  return { from: first.start, to: new Date(last.startMs + Math.max(1, bucketMs) - 1).toISOString() };
}

/**
 * The width of an element, following it: undefined until it has been measured once (after the
 * first render), null when it has none to measure (jsdom lays nothing out).
 */
function useWidth(element: HTMLElement | null): number | null | undefined {
  const [width, setWidth] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (element === null) return;
    const measure = (): void => {
      const measured = Math.floor(element.clientWidth);
      setWidth((known) => (measured > 0 ? measured : (known ?? null)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

function BucketTooltip({
  active,
  payload,
  bucketMs,
}: {
  active?: boolean;
  payload?: readonly { payload?: Bucket }[];
  bucketMs: number;
}): ReactElement | null {
  const bucket = payload?.[0]?.payload;
  if (active !== true || bucket === undefined) return null;
  return (
    <div className="tooltip tooltip--wide">
      {formatEventTime(bucket.start)} –{' '}
      {formatEventTime(new Date(bucket.startMs + bucketMs - 1).toISOString())}: {countWords(bucket.count)}
    </div>
  );
}

/**
 * The filtered events over time. Drag the brush's handles (or move them with the arrow keys and
 * apply) to narrow the time range to the selection; the chart then shows that range. Memoized:
 * moving the table's selection must not draw the chart again.
 */
export const AuditHistogram = memo(function AuditHistogram({
  environmentId,
  filter,
  onRange,
}: {
  environmentId: EnvironmentId;
  filter: AuditFilter;
  onRange: (range: { from: string; to: string }) => void;
}): ReactElement {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const width = useWidth(element);
  // Asked for once the plot's width is known: sized by a guess first, it would be asked for
  // twice, and ahead of the table's first rows (main answers one call at a time).
  const buckets =
    width === undefined
      ? null
      : Math.max(12, Math.min(240, Math.floor(((width ?? FALLBACK_WIDTH) - 60) / BAR_PX)));
  const histogram = useAuditHistogram(environmentId, filter, buckets);
  const data = useMemo(() => toBuckets(histogram.data), [histogram.data]);
  const bucketMs = histogram.data?.bucketMs ?? 0;
  const [pending, setPending] = useState<{ from: string; to: string; data: Bucket[] } | null>(null);
  const selection = pending !== null && pending.data === data ? pending : null;
  const hasEvents = data.some((bucket) => bucket.count > 0);

  const apply = (range: { from: string; to: string } | null): void => {
    setPending(null);
    if (range !== null) onRange(range);
  };

  return (
    <figure className="audit-histogram">
      <figcaption className="audit-histogram__caption">
        Events over time
        {selection !== null && (
          <>
            {' · '}
            <button type="button" className="button button--quiet" onClick={() => apply(selection)}>
              Narrow to {formatEventTime(selection.from)} – {formatEventTime(selection.to)}
            </button>
          </>
        )}
      </figcaption>
      <div className="audit-histogram__plot" ref={setElement}>
        {histogram.isError ? (
          <p className="audit-histogram__message" role="alert">
            The histogram could not be drawn. {describeError(histogram.error).advice}
          </p>
        ) : histogram.isPending ? (
          <p className="audit-histogram__message" role="status">
            Loading the histogram…
          </p>
        ) : !hasEvents ? (
          <p className="audit-histogram__message">No events in this range.</p>
        ) : (
          <BarChart
            // A new range redraws the chart, so the brush spans all of it again.
            key={histogram.dataUpdatedAt}
            className="audit-histogram__chart"
            width={width ?? FALLBACK_WIDTH}
            height={CHART_HEIGHT}
            data={data}
            margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
            barCategoryGap={1}
          >
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={40} />
            <YAxis allowDecimals={false} width={48} tick={{ fontSize: 11 }} tickCount={3} />
            <Tooltip
              cursor={{ fillOpacity: 0.15 }}
              isAnimationActive={false}
              content={(props) => <BucketTooltip {...props} bucketMs={bucketMs} />}
            />
            <Bar dataKey="count" name="Events" fill="currentColor" isAnimationActive={false} />
            <Brush
              dataKey="label"
              height={16}
              travellerWidth={8}
              stroke="currentColor"
              onChange={({ startIndex, endIndex }) => {
                const range =
                  startIndex === undefined || endIndex === undefined
                    ? null
                    : brushedRange(data, bucketMs, startIndex, endIndex);
                setPending(range === null ? null : { ...range, data });
              }}
              onDragEnd={({ startIndex, endIndex }) =>
                apply(
                  startIndex === undefined || endIndex === undefined
                    ? null
                    : brushedRange(data, bucketMs, startIndex, endIndex),
                )
              }
            />
          </BarChart>
        )}
      </div>
    </figure>
  );
});
