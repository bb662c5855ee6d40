import type { MetricSeries } from '../../shared/domain/metrics';

/** [unix ms, value]; null is a gap (no sample, NaN or an infinity). */
export type MetricPoint = MetricSeries['points'][number];

/**
 * A series as columns: times (unix ms) and values, NaN marking a gap. A week of 15 s samples is
 * 40,000 points a series; columns spare main 40,000 small arrays each, and only the points kept
 * become [ms, value] pairs.
 */
export interface SeriesColumns {
  times: Float64Array;
  values: Float64Array;
}

export function columnsOf(points: readonly MetricPoint[]): SeriesColumns {
  const times = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  points.forEach(([time, value], index) => {
    times[index] = time;
    values[index] = value ?? Number.NaN;
  });
  return { times, values };
}

function pointAt(columns: SeriesColumns, index: number): MetricPoint {
  const value = columns.values[index] as number;
  return [columns.times[index] as number, Number.isNaN(value) ? null : value];
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling Time Series for Visual
 * Representation", ch. 4): keeps the first and last points; splits the rest into
 * `threshold - 2` buckets of equal count; from each bucket keeps the point that forms the
 * largest triangle with the point kept from the previous bucket and the average of the next
 * bucket (the last bucket's "next" is the last point). Answers indices, ascending.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const n = xs.length;
  if (threshold >= n) return Array.from({ length: n }, (_, index) => index);
  if (threshold < 2) throw new RangeError('LTTB keeps at least the first and the last point.');
  const kept = [0];
  const buckets = threshold - 2;
  // Bucket b holds indices [bound(b), bound(b + 1)); integer arithmetic keeps the bounds exact.
  const bound = (b: number): number => Math.floor((b * (n - 2)) / buckets) + 1;
  let previous = 0;
  for (let b = 0; b < buckets; b += 1) {
    const from = bound(b);
    const to = bound(b + 1);
    const nextTo = b + 1 < buckets ? bound(b + 2) : n;
    let averageX = 0;
    let averageY = 0;
    for (let i = to; i < nextTo; i += 1) {
      averageX += xs[i] as number;
      averageY += ys[i] as number;
    }
    const count = Math.max(1, nextTo - to);
    averageX /= count;
    averageY /= count;
    const ax = xs[previous] as number;
    const ay = ys[previous] as number;
    let best = from;
    let bestArea = -1;
    for (let i = from; i < to; i += 1) {
      // Twice the triangle's area; the factor does not change which point wins.
      const area = Math.abs(
        (ax - averageX) * ((ys[i] as number) - ay) - (ax - (xs[i] as number)) * (averageY - ay),
      );
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(n - 1);
  return kept;
}

/**
 * LTTB that also keeps the run's minimum and maximum, in at most `budget` points (indices,
 * ascending). LTTB alone can drop an extreme when a bucket holds both a spike and a dip; an alert
 * threshold chart must never lose the spike that crossed it. LTTB runs with the full budget
 * first; only when an extreme is missing does it run once more, with room left for both.
 */
export function lttbWithExtremes(xs: ArrayLike<number>, ys: ArrayLike<number>, budget: number): number[] {
  const n = xs.length;
  if (budget >= n) return Array.from({ length: n }, (_, index) => index);
  if (budget < 1) return [];
  let lowest = 0;
  let highest = 0;
  for (let i = 1; i < n; i += 1) {
    if ((ys[i] as number) < (ys[lowest] as number)) lowest = i;
    if ((ys[i] as number) > (ys[highest] as number)) highest = i;
  }
  const pinned = [...new Set([0, n - 1, lowest, highest])].sort((a, b) => a - b);
  if (budget <= pinned.length) {
    // Too small to run LTTB: the ends first, then the extreme furthest from them.
    return pinned.length <= budget ? pinned : smallPick(ys, pinned, budget);
  }
  // LTTB always keeps the ends, so at most the two extremes are missing: budget - 2 leaves room.
  for (const threshold of [budget, budget - 2]) {
    const chosen = lttbIndices(xs, ys, threshold);
    const kept = new Set(chosen);
    const missing = pinned.filter((index) => !kept.has(index));
    if (chosen.length + missing.length <= budget) {
      return missing.length === 0 ? chosen : [...chosen, ...missing].sort((a, b) => a - b);
    }
  }
  return pinned;
}

function smallPick(ys: ArrayLike<number>, pinned: number[], budget: number): number[] {
  const last = ys.length - 1;
  if (budget === 1) return [0];
  if (budget === 2) return [0, last];
  const reference = ((ys[0] as number) + (ys[last] as number)) / 2;
  const middle = pinned
    .filter((index) => index !== 0 && index !== last)
    .sort((a, b) => Math.abs((ys[b] as number) - reference) - Math.abs((ys[a] as number) - reference));
  return [0, last, ...middle.slice(0, budget - 2)].sort((a, b) => a - b);
}

interface Segment {
  /** A run of values, or a gap (one or more NaN in a row). */
  kind: 'run' | 'gap';
  from: number;
  to: number;
  /** For gaps: how much time they hide, from the value before to the value after. */
  spanMs: number;
}

function segmentsOf({ times, values }: SeriesColumns): Segment[] {
  const segments: Segment[] = [];
  const n = times.length;
  let from = 0;
  for (let i = 1; i <= n; i += 1) {
    const gap = Number.isNaN(values[from]);
    if (i < n && Number.isNaN(values[i]) === gap) continue;
    const before = times[Math.max(0, from - 1)] as number;
    const after = times[Math.min(n - 1, i)] as number;
    segments.push({ kind: gap ? 'gap' : 'run', from, to: i, spanMs: after - before });
    from = i;
  }
  return segments;
}

/** The values of runs joined across bridged gaps: contiguous ones are views, not copies. */
function joinRuns(columns: SeriesColumns, runs: readonly Segment[]): SeriesColumns {
  if (runs.length === 1) {
    const [run] = runs as [Segment];
    return {
      times: columns.times.subarray(run.from, run.to),
      values: columns.values.subarray(run.from, run.to),
    };
  }
  const length = runs.reduce((sum, run) => sum + run.to - run.from, 0);
  const joined = { times: new Float64Array(length), values: new Float64Array(length) };
  let at = 0;
  for (const run of runs) {
    joined.times.set(columns.times.subarray(run.from, run.to), at);
    joined.values.set(columns.values.subarray(run.from, run.to), at);
    at += run.to - run.from;
  }
  return joined;
}

/** Downsamples a series of [ms, value | null] points; see downsampleColumns. */
export function downsample(points: readonly MetricPoint[], target: number): MetricPoint[] {
  return points.length <= target ? points.slice() : downsampleColumns(columnsOf(points), target);
}

/**
 * Downsamples a series with gaps to at most `target` points (gap markers included), keeping gaps
 * as gaps: a chart must not draw a line across an hour without data.
 *
 * Each gap becomes one null point at its first instant (recharts breaks the line there). The runs
 * of values between gaps share what is left of the budget in proportion to their length, each
 * with room for its first, last, minimum and maximum, and each is downsampled on its own with
 * LTTB, so a point is never chosen against a neighbour across a gap. When there are more gaps
 * than the width can show, the shortest interior gaps are bridged (a gap narrower than a pixel is
 * invisible anyway); gaps at either end are always kept, so the series' first and last instants
 * stay.
 */
export function downsampleColumns(columns: SeriesColumns, target: number): MetricPoint[] {
  const n = columns.times.length;
  if (n <= target) return Array.from({ length: n }, (_, index) => pointAt(columns, index));
  if (target < 6) throw new RangeError('Downsampling needs room for at least 6 points.');
  const segments = segmentsOf(columns);
  if (!segments.some((segment) => segment.kind === 'run'))
    return [pointAt(columns, 0), pointAt(columns, n - 1)];

  // Each kept interior gap costs a marker and splits a run that needs up to 4 pinned points:
  // 4 * (gaps + 1) + gaps + 2 end markers <= target.
  const interiorGaps = segments.filter(
    (segment, index) => segment.kind === 'gap' && index > 0 && index < segments.length - 1,
  );
  const maxInterior = Math.max(0, Math.floor((target - 6) / 5));
  const bridged = new Set(
    [...interiorGaps]
      .sort((a, b) => a.spanMs - b.spanMs || b.from - a.from)
      .slice(0, Math.max(0, interiorGaps.length - maxInterior)),
  );

  // Runs separated only by bridged gaps become one run.
  const pieces: ({ gap: number } | { runs: Segment[] })[] = [];
  for (const segment of segments) {
    if (bridged.has(segment)) continue;
    const last = pieces[pieces.length - 1];
    if (segment.kind === 'gap') pieces.push({ gap: segment.from });
    else if (last !== undefined && 'runs' in last) last.runs.push(segment);
    else pieces.push({ runs: [segment] });
  }

  const runPieces = pieces.flatMap((piece) => ('runs' in piece ? [joinRuns(columns, piece.runs)] : []));
  const gapCount = pieces.length - runPieces.length;
  const floors = runPieces.map((run) => Math.min(run.times.length, 4));
  const spare = target - gapCount - floors.reduce((sum, floor) => sum + floor, 0);
  const extraWanted = runPieces.map((run, index) => run.times.length - (floors[index] as number));
  const wantedTotal = extraWanted.reduce((sum, wanted) => sum + wanted, 0);
  const out: MetricPoint[] = [];
  let runIndex = 0;
  for (const piece of pieces) {
    if ('gap' in piece) {
      out.push(pointAt(columns, piece.gap));
      continue;
    }
    const run = runPieces[runIndex] as SeriesColumns;
    const wanted = extraWanted[runIndex] as number;
    const extra = wantedTotal === 0 ? 0 : Math.floor((spare * wanted) / wantedTotal);
    const budget = (floors[runIndex] as number) + Math.min(wanted, extra);
    for (const index of lttbWithExtremes(run.times, run.values, budget)) out.push(pointAt(run, index));
    runIndex += 1;
  }
  return out;
}
