import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HttpClient } from '../main/http/http-client';
import { downsampleColumns } from '../main/health/lttb';
import { PrometheusClient, samplesToColumns, type RawSeries } from '../main/health/prometheus-client';
import { planRange, PROMETHEUS_MAX_POINTS } from '../main/health/step';
import { findBinary } from '../test/monitoring/binaries';
import { pollUntil } from '../test/monitoring/poll';
import { freePort, median, round, stopProcess } from './bench-kit';
import type { FigureGroup } from './figure';
import { METRIC, SCRAPE_S, SERIES, WEEK_S, weekSeries } from './health-week';

const WIDTH_PX = 1000;
const RUNS = 5;

/** The week as OpenMetrics text for promtool, 5,000 lines at a time rather than the whole file at once. */
function* openMetrics(startS: number, endS: number): Generator<string> {
  yield `# HELP ${METRIC} Synthetic series for the health bench.\n# TYPE ${METRIC} gauge\n`;
  let s = 0;
  for (const samples of weekSeries(startS, endS)) {
    for (let i = 0; i < samples.length; i += 5000) {
      yield samples
        .slice(i, i + 5000)
        .map(([t, value]) => `${METRIC}{series="${s}"} ${value} ${t}\n`)
        .join('');
    }
    s += 1;
  }
  yield '# EOF\n';
}

async function writeOpenMetrics(file: string, startS: number, endS: number): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of openMetrics(startS, endS)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Prometheus on its own TSDB folder, no scrape jobs (nothing may overlap the imported week). */
async function startPrometheus(folder: string): Promise<{ url: string; child: ChildProcess }> {
  const config = path.join(folder, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\n');
  const port = await freePort();
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${path.join(folder, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // The imported week must not fall to retention.
    '--storage.tsdb.retention.time=30d',
  ];
  const log = openSync(path.join(folder, 'prometheus.log'), 'w');
  const binary = findBinary('prometheus');
  // setpriv stops it with this process, however this process ends.
  const child = existsSync('/usr/bin/setpriv')
    ? spawn('/usr/bin/setpriv', ['--pdeathsig', 'TERM', '--', binary, ...args], {
        stdio: ['ignore', log, log],
      })
    : spawn(binary, args, { stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  await pollUntil(
    async () => {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return response.ok ? true : undefined;
    },
    { description: `Prometheus on ${url}`, timeoutMs: 60_000, intervalMs: 100 },
  );
  return { url, child };
}

/**
 * The raw week at the scrape interval: 40,321 points a series is more than one query may ask
 * (11,000), so it comes in slices fetched in parallel and joined per series.
 */
async function fetchRaw(client: PrometheusClient, startS: number, endS: number): Promise<RawSeries[]> {
  const sliceS = (PROMETHEUS_MAX_POINTS - 1) * SCRAPE_S;
  const windows: { startSeconds: number; endSeconds: number; stepSeconds: number }[] = [];
  for (let from = startS; from <= endS; from += sliceS + SCRAPE_S) {
    windows.push({ startSeconds: from, endSeconds: Math.min(from + sliceS, endS), stepSeconds: SCRAPE_S });
  }
  const slices = await Promise.all(windows.map((window) => client.queryRange(METRIC, window)));
  const joined = new Map<string, RawSeries>();
  for (const slice of slices) {
    if (!slice.ok) throw new Error(`raw query failed: ${slice.problem}`);
    for (const series of slice.data) {
      const key = JSON.stringify(series.labels);
      const known = joined.get(key);
      if (known === undefined) joined.set(key, { labels: series.labels, samples: [...series.samples] });
      else known.samples.push(...series.samples);
    }
  }
  return [...joined.values()];
}

export const groups: FigureGroup[] = [
  {
    names: ['health.fetch_downsample_ms', 'health.points_over_ipc'],
    async run(selected, emit) {
      const folder = mkdtempSync(path.join(tmpdir(), 'opp-health-bench-'));
      let child: ChildProcess | undefined;
      const http = { close: (): void => undefined };
      try {
        const endS = Math.floor(Date.now() / 1000 / SCRAPE_S) * SCRAPE_S - 60;
        const startS = endS - WEEK_S;
        const setupStarted = performance.now();
        const input = path.join(folder, 'week.om');
        await writeOpenMetrics(input, startS, endS);
        mkdirSync(path.join(folder, 'data'));
        // One block for the week (the default, 2 h blocks, makes promtool read the file 84 times).
        const created = spawnSync(
          findBinary('promtool'),
          [
            'tsdb',
            'create-blocks-from',
            'openmetrics',
            '--max-block-duration=168h',
            '-q',
            input,
            path.join(folder, 'data'),
          ],
          { encoding: 'utf8' },
        );
        if (created.status !== 0) throw new Error(`promtool could not create the blocks: ${created.stderr}`);
        rmSync(input);
        const prometheus = await startPrometheus(folder);
        child = prometheus.child;
        const setupSeconds = (performance.now() - setupStarted) / 1000;

        const client = new HttpClient({
          baseUrl: prometheus.url,
          caFile: null,
          describe: 'bench Prometheus',
        });
        http.close = () => client.close();
        const prom = new PrometheusClient(client);
        const rawTimes: number[] = [];
        const plannedTimes: number[] = [];
        /** Main's own share: converting and downsampling after the answers arrived, and its CPU time. */
        const downsampleTimes: number[] = [];
        const cpuTimes: number[] = [];
        let rawPoints = 0;
        let ipcPoints = 0;
        let ipcBytes = 0;
        let plannedPoints = 0;
        let stepSeconds = 0;
        // One warm-up run (JIT, TSDB page cache), then the measured ones.
        for (let run = 0; run <= RUNS; run += 1) {
          const started = performance.now();
          const cpuStarted = process.cpuUsage();
          const raw = await fetchRaw(prom, startS, endS);
          const fetched = performance.now();
          const series = raw.map((one) => ({
            labels: one.labels,
            points: downsampleColumns(samplesToColumns(one.samples, SCRAPE_S), WIDTH_PX),
            rawPointCount: one.samples.length,
          }));
          const done = performance.now();
          const cpu = process.cpuUsage(cpuStarted);

          const plannedStarted = performance.now();
          const plan = planRange(startS * 1000, endS * 1000, WIDTH_PX);
          const answer = await prom.queryRange(METRIC, plan);
          if (!answer.ok) throw new Error(`planned query failed: ${answer.problem}`);
          const planned = answer.data.map((one) =>
            downsampleColumns(samplesToColumns(one.samples, plan.stepSeconds), WIDTH_PX),
          );
          const plannedElapsed = performance.now() - plannedStarted;
          if (run === 0) continue;
          rawTimes.push(done - started);
          downsampleTimes.push(done - fetched);
          cpuTimes.push((cpu.user + cpu.system) / 1000);
          plannedTimes.push(plannedElapsed);
          if (series.length !== SERIES) throw new Error(`expected ${SERIES} series, got ${series.length}`);
          rawPoints = series.reduce((sum, one) => sum + one.rawPointCount, 0);
          ipcPoints = series.reduce((sum, one) => sum + one.points.length, 0);
          ipcBytes = JSON.stringify(series).length;
          plannedPoints = planned.reduce((sum, points) => sum + points.length, 0);
          stepSeconds = plan.stepSeconds;
        }
        const machine = {
          cores: availableParallelism(),
          // The cores are shared: a busy machine slows every figure down.
          load_avg_1m: round(loadavg()[0] ?? 0, 2),
          node: process.version,
          prometheus: '2.42 (Debian)',
        };
        if (selected('health.fetch_downsample_ms')) {
          emit('health.fetch_downsample_ms', {
            value: round(median(rawTimes)),
            unit: 'ms',
            runs: RUNS,
            min_ms: round(Math.min(...rawTimes)),
            max_ms: round(Math.max(...rawTimes)),
            series: SERIES,
            raw_points: rawPoints,
            width_px: WIDTH_PX,
            convert_lttb_ms: round(median(downsampleTimes)),
            main_cpu_ms: round(median(cpuTimes)),
            planned_ms: round(median(plannedTimes)),
            planned_step_s: stepSeconds,
            setup_s: round(setupSeconds),
            note: 'median; a real Prometheus on a promtool-built TSDB of 10 series × 7 days at 15 s: raw fetch at 15 s (4 slices of ≤ 11,000 points, in parallel, schema-checked) + [s,"v"]→[ms,v] + LTTB with gaps to 1000 px. convert_lttb_ms: the part after the answers arrived; main_cpu_ms: this process\'s CPU time over the whole (Prometheus excluded). planned_ms: the path health.range takes (step chosen from the width, one query).',
            ...machine,
          });
        }
        if (selected('health.points_over_ipc')) {
          emit('health.points_over_ipc', {
            value: ipcPoints,
            unit: 'points',
            series: SERIES,
            raw_points: rawPoints,
            reduction: round(rawPoints / ipcPoints),
            json_kb: round(ipcBytes / 1024),
            planned_points: plannedPoints,
            note: '10 series after LTTB to 1000 px (≤ 1000 each); series 9 has a 3-hour gap kept as a null.',
            ...machine,
          });
        }
      } finally {
        http.close();
        if (child !== undefined) await stopProcess(child, 5000);
        rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
