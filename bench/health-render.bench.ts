import { availableParallelism, loadavg } from 'node:os';
import type { Browser, Page, Route } from 'playwright-core';
import type { MetricSeries } from '../shared/domain/metrics';
import type { RangeResult } from '../shared/domain/health';
import { downsampleColumns, type SeriesColumns } from '../main/health/lttb';
import { samplesToColumns } from '../main/health/prometheus-client';
import { startHarness, type RunningHarness } from '../test/harness/server';
import { median, round } from './bench-kit';
import type { FigureGroup } from './figure';
import { METRIC, SCRAPE_S, SERIES, WEEK_S, weekSeries } from './health-week';
import { callHarness, launchChromium } from './ui-bench-kit';

/*
 * How long recharts takes to draw a week of 10 series in the real renderer, in real Chromium:
 * once as main sends it (LTTB, at most one point per pixel of the plot) and once with every raw
 * point. The console is the harness build (`npm run build` first), driven through the real
 * Explorer; only the answer to `health.range` is ours, fulfilled by Playwright's request
 * interception, so no Prometheus is needed and both runs draw exactly the same week.
 *
 * What is timed, in the page: from the moment the renderer has the answer (the bridge's
 * response.json() resolved; an init script notes it) until all 10 lines are in the DOM and a
 * frame has been painted. That is the chart model, React, recharts and the browser's layout
 * and paint; not the transfer of the answer, which the figure reports apart (fetch_ms). Each
 * measured draw runs in a fresh window after one warm-up draw; the figures are medians.
 */

const RUNS = 5;
/** At this size the Explorer's plot is about 1,000 px wide, the width main downsamples to in health.bench.ts. */
const VIEWPORT = { width: 1720, height: 900 };

type Mode = 'lttb' | 'raw';

function pointsOf({ times, values }: SeriesColumns): MetricSeries['points'] {
  return Array.from(times, (time, index) => {
    const value = values[index] as number;
    return [time, Number.isNaN(value) ? null : value];
  });
}

/** The health.range envelope for the week: every point, or main's LTTB to the plot's width. */
function answerBody(columns: SeriesColumns[], rawCounts: number[], widthPx: number | null): string {
  const answer: RangeResult = {
    asOf: new Date().toISOString(),
    fromCache: false,
    stepSeconds: SCRAPE_S,
    results: [
      {
        legend: METRIC,
        promql: METRIC,
        problem: null,
        series: columns.map((column, s) => ({
          labels: { __name__: METRIC, series: String(s) },
          points: widthPx === null ? pointsOf(column) : downsampleColumns(column, widthPx),
          rawPointCount: rawCounts[s] ?? 0,
        })),
      },
    ],
  };
  return JSON.stringify({ ok: true, data: answer });
}

/** In the page, before the app: notes when the renderer has parsed a health.range answer. */
function noteRangeAnswers(): void {
  // Kept to be called with each response as `this`, below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const json = Response.prototype.json;
  Response.prototype.json = async function (this: Response): Promise<unknown> {
    const value: unknown = await json.call(this);
    if (this.url.includes('/__harness/call/health.range')) {
      (window as unknown as { rangeParsedAt: number }).rangeParsedAt = performance.now();
    }
    return value;
  };
}

interface Drawn {
  clickedAt: number;
  parsedAt: number;
  drawnAt: number;
}

/**
 * In the page: resolves once the figure titled `query` shows `lines` lines, each with a path, and
 * a frame has been painted since (a task queued from requestAnimationFrame runs after the paint).
 */
function waitForLines({ query, lines }: { query: string; lines: number }): Promise<Drawn> {
  const page = window as unknown as { rangeParsedAt: number };
  page.rangeParsedAt = Number.NaN;
  let clickedAt = Number.NaN;
  document.addEventListener(
    'click',
    () => {
      clickedAt = performance.now();
    },
    { capture: true, once: true },
  );
  // No named inner functions: tsx would wrap them in a helper that the page does not have.
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const figure = document.querySelector('[data-testid="explorer-result"]');
      if (figure?.querySelector('figcaption')?.textContent !== query) return;
      const paths = [...figure.querySelectorAll('path.recharts-line-curve')];
      if (paths.length !== lines || paths.some((path) => (path.getAttribute('d') ?? '') === '')) return;
      observer.disconnect();
      requestAnimationFrame(() =>
        setTimeout(() => resolve({ clickedAt, parsedAt: page.rangeParsedAt, drawnAt: performance.now() })),
      );
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function openExplorer(page: Page, harness: RunningHarness): Promise<void> {
  await page.goto(harness.url);
  await page.getByLabel('Active environment').click();
  await page.getByRole('option', { name: /Bench/ }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Health', exact: true }).click();
  await page.getByRole('tab', { name: 'Explorer', exact: true }).click();
  // Nothing may refetch while a week is drawn.
  await page.getByLabel('Refresh every').selectOption({ label: 'Off' });
  await page
    .getByRole('group', { name: 'Time range' })
    .getByRole('button', { name: '7d', exact: true })
    .click();
}

export const groups: FigureGroup[] = [
  {
    names: ['health.render_lttb_ms', 'health.render_raw_ms', 'health.render_speedup'],
    async run(selected, emit) {
      const endS = Math.floor(Date.now() / 1000);
      const samples = [...weekSeries(endS - WEEK_S, endS)];
      const columns = samples.map((series) => samplesToColumns(series, SCRAPE_S));
      const rawCounts = samples.map((series) => series.length);
      const rawBody = answerBody(columns, rawCounts, null);
      const lttbBodies = new Map<number, string>();

      let harness: RunningHarness | undefined;
      let browser: Browser | undefined;
      try {
        harness = await startHarness({ keychain: false });
        await callHarness(harness, 'environments.save', {
          name: 'Bench',
          // Never reached: every health.range call is answered by the interception below.
          apiUrl: 'http://127.0.0.1:9',
          prometheus: { url: 'http://127.0.0.1:9', auth: 'none' },
          alertmanager: null,
          caFile: null,
          colour: 'blue',
          isProduction: false,
        });

        browser = await launchChromium();
        let mode: Mode = 'lttb';
        let widthPx = 0;
        const answer = async (route: Route): Promise<void> => {
          const input = (route.request().postDataJSON() as { input: { widthPx: number } }).input;
          widthPx = input.widthPx;
          let body = rawBody;
          if (mode === 'lttb') {
            body = lttbBodies.get(widthPx) ?? answerBody(columns, rawCounts, widthPx);
            lttbBodies.set(widthPx, body);
          }
          await route.fulfill({ status: 200, contentType: 'application/json', body });
        };
        /** Runs the query in the page's Explorer and times its drawing. */
        const draw = async (page: Page, next: Mode, query: string): Promise<Drawn> => {
          mode = next;
          await page.getByLabel('PromQL query').fill(query);
          const drawn = page.evaluate(waitForLines, { query, lines: SERIES });
          await page.getByRole('button', { name: 'Run' }).click();
          const timing = await drawn;
          if (!Number.isFinite(timing.parsedAt)) throw new Error('the range answer was never parsed');
          return timing;
        };

        const times: Record<Mode, number[]> = { lttb: [], raw: [] };
        const fetches: Record<Mode, number[]> = { lttb: [], raw: [] };
        // Each measured draw in a fresh window (a week of raw points left in a page's query cache
        // would burden every later draw with its garbage collection), after one warm-up draw of
        // the downsampled week there (JIT, fonts, recharts' first mount). The modes alternate, so
        // that a machine growing busier weighs on both alike.
        for (let run = 0; run < RUNS; run += 1) {
          for (const next of ['lttb', 'raw'] as const) {
            const context = await browser.newContext({ viewport: VIEWPORT });
            try {
              await context.addInitScript(noteRangeAnswers);
              await context.route('**/__harness/call/health.range', answer);
              const page = await context.newPage();
              await openExplorer(page, harness);
              await draw(page, 'lttb', `${METRIC} # warm-up`);
              const { clickedAt, parsedAt, drawnAt } = await draw(page, next, `${METRIC} # ${next}`);
              times[next].push(drawnAt - parsedAt);
              fetches[next].push(parsedAt - clickedAt);
            } finally {
              await context.close();
            }
          }
        }

        const lttbPoints = JSON.parse(lttbBodies.get(widthPx) ?? '{}') as { data?: RangeResult };
        const sent = (lttbPoints.data?.results[0]?.series ?? []).map((series) => series.points.length);
        const common = {
          runs: RUNS,
          series: SERIES,
          width_px: widthPx,
          raw_points_per_series: Math.max(...rawCounts),
          lttb_points_per_series: Math.max(...sent),
          chromium: browser.version(),
          cores: availableParallelism(),
          load_avg_1m: round(loadavg()[0] ?? 0, 2),
        };
        const lttb = median(times.lttb);
        const raw = median(times.raw);
        if (selected('health.render_lttb_ms')) {
          emit('health.render_lttb_ms', {
            value: round(lttb),
            unit: 'ms',
            min_ms: round(Math.min(...times.lttb)),
            max_ms: round(Math.max(...times.lttb)),
            fetch_ms: round(median(fetches.lttb)),
            note: 'median; the real Explorer in Chromium (harness build) drawing 10 series × 7 days as main sends them (LTTB with gaps to the plot width): from the answer parsed in the renderer to 10 lines painted.',
            ...common,
          });
        }
        if (selected('health.render_raw_ms')) {
          emit('health.render_raw_ms', {
            value: round(raw),
            unit: 'ms',
            min_ms: round(Math.min(...times.raw)),
            max_ms: round(Math.max(...times.raw)),
            fetch_ms: round(median(fetches.raw)),
            note: 'median; as render_lttb_ms, with every raw 15 s point (what the console would draw without LTTB).',
            ...common,
          });
        }
        if (selected('health.render_speedup')) {
          emit('health.render_speedup', {
            value: round(raw / lttb),
            unit: 'x',
            note: 'health.render_raw_ms / health.render_lttb_ms (medians).',
            ...common,
          });
        }
      } finally {
        await browser?.close();
        await harness?.stop();
      }
    },
  },
];
