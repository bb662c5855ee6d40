/*
 * The week both health benches draw and fetch: health.bench.ts through a real Prometheus,
 * health-render.bench.ts straight into the renderer. One generator, so that their figures are
 * about the same data.
 */

export const SERIES = 10;
export const SCRAPE_S = 15;
export const WEEK_S = 7 * 24 * 3600;
export const METRIC = 'opp_bench_value';

/** [seconds, value] as Prometheus answers it. */
export type Sample = readonly [number, string];

/**
 * The samples from `startS` to `endS` at the scrape interval, one series at a time: a random walk
 * per series, rare spikes, and a 3-hour outage in series 9. Seeded, so every run gets the same
 * week; the series come in order because they share one random sequence.
 */
export function* weekSeries(startS: number, endS: number): Generator<Sample[]> {
  let state = 42;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const outageFrom = startS + 2 * 86_400;
  for (let s = 0; s < SERIES; s += 1) {
    let level = 100;
    const samples: Sample[] = [];
    for (let t = startS; t <= endS; t += SCRAPE_S) {
      level += random() - 0.5;
      if (s === 9 && t > outageFrom && t < outageFrom + 3 * 3600) continue;
      const spike = random() < 0.0005 ? (random() - 0.5) * 400 : 0;
      samples.push([t, (level + spike).toFixed(3)]);
    }
    yield samples;
  }
}
