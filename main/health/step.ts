/** Prometheus refuses a range query whose (end - start) / step exceeds this. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** What main asks Prometheus for one chart: times in seconds, as its API takes them. */
export interface RangePlan {
  /** The first evaluation instant: a whole number of steps before the end (see planRange). */
  startSeconds: number;
  endSeconds: number;
  stepSeconds: number;
  /** The most points any series of this query can have: (end - start) / step + 1. */
  maxPoints: number;
}

/**
 * Chooses the step of a range query from the chart's width, so no series has more points than
 * the chart has pixels (and never more than Prometheus' 11,000).
 *
 * The step is a whole number of seconds, at least 1, and at least span / (width - 1), so the
 * span holds at most width - 1 steps, width evaluation instants. The instants are counted back
 * from the end, not forward from the start: a live chart's last point is then "now". (Grafana
 * instead aligns the start to a multiple of the step, which keeps points still between
 * refreshes but leaves up to one step of the newest data undrawn: on a 7-day chart, the last
 * 10 minutes, and on a fresh deployment everything.) The first instant is thus up to one step
 * after the asked start, never before it.
 */
export function planRange(startMs: number, endMs: number, widthPx: number): RangePlan {
  if (!(endMs > startMs)) throw new RangeError('The end of a range must come after its start.');
  if (!Number.isInteger(widthPx) || widthPx < 2) throw new RangeError('A chart is at least 2 pixels wide.');
  const limit = Math.min(widthPx, PROMETHEUS_MAX_POINTS);
  const spanSeconds = (Math.round(endMs) - Math.round(startMs)) / 1000;
  const stepSeconds = Math.max(1, Math.ceil(spanSeconds / (limit - 1)));
  const steps = Math.floor(spanSeconds / stepSeconds);
  // Whole milliseconds, as three decimals: Prometheus takes fractional seconds.
  const endMsWhole = Math.round(endMs);
  return {
    startSeconds: (endMsWhole - steps * stepSeconds * 1000) / 1000,
    endSeconds: endMsWhole / 1000,
    stepSeconds,
    maxPoints: steps + 1,
  };
}
