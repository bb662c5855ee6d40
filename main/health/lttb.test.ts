import { describe, expect, it } from 'vitest';
import { downsample, lttbIndices, lttbWithExtremes, type MetricPoint } from './lttb';

/** A small seeded PRNG (mulberry32), so a failing series can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Shape = 'walk' | 'spikes' | 'sine' | 'flat' | 'steps';

function series(shape: Shape, length: number, seed: number): [number, number][] {
  const next = random(seed);
  let level = 0;
  return Array.from({ length }, (_, i) => {
    const t = 1_700_000_000_000 + i * 15_000;
    switch (shape) {
      case 'walk':
        level += next() - 0.5;
        return [t, level];
      case 'spikes':
        // A quiet baseline with rare, single-sample spikes up and down: LTTB's worst case.
        return [t, next() < 0.002 ? (next() < 0.5 ? -1 : 1) * (50 + next() * 50) : next()];
      case 'sine':
        return [t, Math.sin(i / 50) + next() * 0.01];
      case 'flat':
        return [t, 3];
      case 'steps':
        if (next() < 0.01) level = Math.round(next() * 10);
        return [t, level];
    }
  });
}

function extremes(points: readonly (readonly [number, number | null])[]) {
  const values = points.flatMap(([t, v]) => (v === null ? [] : [[t, v] as const]));
  const min = values.reduce((a, b) => (b[1] < a[1] ? b : a));
  const max = values.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { min, max };
}

const SHAPES: Shape[] = ['walk', 'spikes', 'sine', 'flat', 'steps'];

describe('LTTB', () => {
  it('keeps the first, last, minimum and maximum points, and never exceeds the target', () => {
    for (const shape of SHAPES) {
      for (const [seed, length, target] of [
        [1, 40_320, 1000],
        [2, 5000, 300],
        [3, 1001, 1000],
        [4, 777, 10],
        [5, 120, 7],
      ] as const) {
        const points = series(shape, length, seed);
        const out = downsample(points, target);
        const label = `${shape} seed ${seed}: ${length} → ${target}`;
        expect(out.length, label).toBeLessThanOrEqual(target);
        expect(out[0], label).toEqual(points[0]);
        expect(out[out.length - 1], label).toEqual(points[points.length - 1]);
        const { min, max } = extremes(points);
        expect(out, label).toContainEqual(min);
        expect(out, label).toContainEqual(max);
        // A subset of the input, in time order.
        const times = out.map(([t]) => t);
        expect(times, label).toEqual([...times].sort((a, b) => a - b));
        expect(new Set(times).size, label).toBe(times.length);
      }
    }
  });

  it('uses the whole budget and picks the spike a plain average would flatten', () => {
    const points = series('spikes', 10_000, 11);
    const out = downsample(points, 500);
    expect(out.length).toBeGreaterThanOrEqual(495);
    const spikes = points.filter(([, v]) => Math.abs(v) >= 50);
    expect(spikes.length).toBeGreaterThan(5);
    // Every spike is far apart from the others, so each bucket with one keeps it.
    for (const spike of spikes) expect(out).toContainEqual(spike);
  });

  it('follows the paper: each bucket keeps the point of the largest triangle', () => {
    // Buckets of 2: [1,2], [3,4]; the spike at 3 makes the largest triangle in its bucket.
    const points: [number, number][] = [
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 9],
      [4, 0],
      [5, 0],
    ];
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    expect(lttbIndices(xs, ys, 4)).toEqual([0, 2, 3, 5]);
    expect(lttbIndices(xs, ys, 2)).toEqual([0, 5]);
    expect(lttbIndices(xs, ys, 10)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps extremes even when one bucket holds both the spike and the dip', () => {
    const points: [number, number][] = Array.from({ length: 100 }, (_, i) => [i, 0]);
    points[50] = [50, 10];
    points[51] = [51, -10];
    // Plain LTTB keeps only one of them: they share the middle bucket.
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    const plain = lttbIndices(xs, ys, 5);
    expect(plain.includes(50) && plain.includes(51)).toBe(false);
    const out = lttbWithExtremes(xs, ys, 5);
    expect(out.length).toBeLessThanOrEqual(5);
    expect(out).toContain(50);
    expect(out).toContain(51);
    // The same through the series API.
    expect(downsample(points, 6)).toEqual(
      expect.arrayContaining([
        [50, 10],
        [51, -10],
      ]),
    );
  });

  it('keeps gaps as gaps, and never draws across them', () => {
    const points: MetricPoint[] = series('walk', 3000, 21).map(([t, v], i) =>
      // A long outage in the middle, a short one early, and no data at the very end.
      (i >= 1000 && i < 1600) || (i >= 200 && i < 203) || i >= 2990 ? [t, null] : [t, v],
    );
    const out = downsample(points, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out[0]).toEqual(points[0]);
    expect(out[out.length - 1]).toEqual(points[2990]);
    // Each kept gap is one null at its first instant.
    const nulls = out.filter(([, v]) => v === null).map(([t]) => t);
    expect(nulls).toEqual([points[200]?.[0], points[1000]?.[0], points[2990]?.[0]]);
    // The points either side of a gap are the run's own ends, so no line crosses the outage.
    const at = (t: number | undefined) => out.findIndex(([time]) => time === t);
    expect(out[at(points[1000]?.[0]) - 1]).toEqual(points[999]);
    expect(out[at(points[1000]?.[0]) + 1]).toEqual(points[1600]);
    const { min, max } = extremes(points);
    expect(out).toContainEqual(min);
    expect(out).toContainEqual(max);
    // The runs share the budget by length: the long runs get most of it.
    const firstRun = out.filter(([t, v]) => v !== null && t < (points[1000]?.[0] ?? 0)).length;
    const lastRun = out.filter(([t, v]) => v !== null && t > (points[1600]?.[0] ?? 0)).length;
    expect(firstRun).toBeGreaterThan(40);
    expect(lastRun).toBeGreaterThan(80);
  });

  it('bridges the shortest gaps when there are more than the width can show', () => {
    // Every third sample missing: 1000 gaps for a 50-point chart.
    const points: MetricPoint[] = series('sine', 3000, 5).map(([t, v], i) =>
      i % 3 === 2 ? [t, null] : [t, v],
    );
    points[1500] = [points[1500]?.[0] ?? 0, 40];
    const out = downsample(points, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out[0]).toEqual(points[0]);
    expect(out).toContainEqual([points[1500]?.[0], 40]);
    expect(out[out.length - 1]).toEqual(points[points.length - 1]);
  });

  it('answers short series unchanged, and all-null series as their two ends', () => {
    const short: MetricPoint[] = [
      [1, 1],
      [2, null],
      [3, 2],
    ];
    expect(downsample(short, 10)).toEqual(short);
    const empty: MetricPoint[] = Array.from({ length: 50 }, (_, i) => [i, null]);
    expect(downsample(empty, 10)).toEqual([
      [0, null],
      [49, null],
    ]);
  });
});
