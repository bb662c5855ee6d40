import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import type { AuditStatus } from '../shared/domain/audit-query';
import { startHarness, type RunningHarness } from '../test/harness/server';
import {
  BENCH_ENV,
  benchEnvironment,
  freePort,
  percentile,
  round,
  startPlatformProcess,
  stopProcess,
} from './bench-kit';
import type { FigureGroup } from './figure';
import { callHarness, launchChromium } from './ui-bench-kit';

const EVENTS = 1_000_000;
/** Measured page loads (enough for a p95 that is not simply the slowest), after one that warms up. */
const RUNS = 20;
const DRAW_TIMEOUT_MS = 60_000;
interface FirstRows {
  /** From the nav click's event time to the rows being in the DOM. */
  domMs: number;
  /** To the next animation frame after that: the frame that paints them. */
  frameMs: number;
  firstId: number;
  rows: number;
}

/**
 * Runs in the page before the click: notes the click's event time, then, when the first event
 * row is in the grid, that time and the next animation frame's. A string, so that the bundler's
 * helpers (tsx names functions with `__name`) do not leak into the page.
 */
const PAGE_PROBE = `
  window.__auditFirstRows = new Promise((resolve) => {
    let clickedAt = NaN;
    document.querySelector('[data-bench="audit-nav"]').addEventListener('click', (event) => { clickedAt = event.timeStamp; }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      const row = document.querySelector('[role="grid"][aria-label="Audit events"] [data-event-id]');
      if (row === null) return;
      observer.disconnect();
      const dom = performance.now();
      requestAnimationFrame(() => resolve({
        dom,
        frame: performance.now(),
        clickedAt,
        firstId: Number(row.dataset.eventId),
        rows: document.querySelectorAll('[role="grid"] [data-event-id]').length,
      }));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  // The value of the script: not the promise, which Playwright would wait for (it ends after the click).
  'armed';
`;

/**
 * One fresh page (a renderer with nothing cached, as after a start), the app settled on the
 * Environments area; then the Audit nav item is clicked and the page itself notes when the
 * first event rows appear. Times are the page's own clock, so Playwright's round trips are not
 * counted.
 */
async function measureOnce(browser: Browser, url: string): Promise<FirstRows> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const nav = page.getByRole('navigation').getByRole('button', { name: 'Audit', exact: true });
    await nav.waitFor();
    // The environment is picked at start; the audit screen is only meaningful once it is.
    await page.getByLabel('Active environment').filter({ hasText: BENCH_ENV }).waitFor();
    // Marked for the probe (its text also holds the shortcut's key).
    await nav.evaluate((button) => button.setAttribute('data-bench', 'audit-nav'));
    await page.evaluate(PAGE_PROBE);
    await nav.click();
    // A screen that never draws rows is a failure to report, not a wait without end.
    const seen = await page.evaluate<{
      dom: number;
      frame: number;
      firstId: number;
      rows: number;
      clickedAt: number;
    }>(
      `Promise.race([window.__auditFirstRows, new Promise((_, reject) => setTimeout(() => reject(new Error('no rows after ${DRAW_TIMEOUT_MS} ms: ' + document.querySelector('main')?.innerText.slice(0, 500))), ${DRAW_TIMEOUT_MS}))])`,
    );
    return {
      domMs: seen.dom - seen.clickedAt,
      frameMs: seen.frame - seen.clickedAt,
      firstId: seen.firstId,
      rows: seen.rows,
    };
  } finally {
    await context.close();
  }
}

export const groups: FigureGroup[] = [
  {
    names: ['audit.first_rows_ms'],
    async run(_selected, emit) {
      // OPP_BENCH_CACHE_DIR keeps the seeded server and the console's copy for the next run
      // (seeding and copying a million events takes minutes on 2 cores); by default both go.
      const cache = process.env['OPP_BENCH_CACHE_DIR'];
      const folder =
        cache === undefined
          ? fs.mkdtempSync(path.join(tmpdir(), 'opp-audit-ui-bench-'))
          : path.join(cache, 'audit-ui');
      let platform: ChildProcess | undefined;
      let harness: RunningHarness | undefined;
      let browser: Browser | undefined;
      try {
        const setupStarted = performance.now();
        const reused = fs.existsSync(path.join(folder, 'console'));
        harness = await startHarness({ dataDir: path.join(folder, 'console'), keychain: false });
        // No periodic sync while measuring: the copy stays as it is.
        await callHarness(harness, 'settings.update', { auditSyncIntervalMinutes: 1440 });
        // A kept copy belongs to its server's address: a kept server listens where it did.
        const known = (
          await callHarness<{ id: string; apiUrl: string }[]>(harness, 'environments.list')
        ).find((e) => e.id === BENCH_ENV);
        const port = known === undefined ? await freePort() : Number(new URL(known.apiUrl).port);
        const server = await startPlatformProcess(path.join(folder, 'platform'), {
          users: 1000,
          audit: EVENTS,
          port,
        });
        platform = server.child;
        if (known === undefined) {
          await callHarness(harness, 'environments.save', benchEnvironment(server.url));
        }
        await callHarness(harness, 'session.signIn', {
          environmentId: BENCH_ENV,
          username: 'admin',
          password: server.password,
        });
        const status = await callHarness<AuditStatus>(harness, 'audit.syncNow', { environmentId: BENCH_ENV });
        // Waits for the index merge that follows a copy, so that it does not run during the measures.
        await callHarness(harness, 'audit.verify', { environmentId: BENCH_ENV });
        // The screen reads only the copy: the server's CPU and memory go back to the machine.
        await stopProcess(platform);
        const setupSeconds = (performance.now() - setupStarted) / 1000;
        if (status.eventsHeld < EVENTS) throw new Error(`the copy holds only ${status.eventsHeld} events`);

        browser = await launchChromium();
        const samples: FirstRows[] = [];
        for (let run = 0; run <= RUNS; run += 1) {
          const sample = await measureOnce(browser, harness.url);
          // Newest first: the first row drawn must be the newest event held, or this timed something else.
          if (sample.firstId !== status.eventsHeld)
            throw new Error(`the first row is event ${sample.firstId}, not ${status.eventsHeld}`);
          samples.push(sample);
        }
        const [first, ...measured] = samples;
        const frames = measured.map((s) => s.frameMs);
        const inDom = measured.map((s) => s.domMs);
        emit('audit.first_rows_ms', {
          value: round(percentile(frames, 50)),
          unit: 'ms',
          p95_ms: round(percentile(frames, 95)),
          min_ms: round(Math.min(...frames)),
          max_ms: round(Math.max(...frames)),
          dom_p50_ms: round(percentile(inDom, 50)),
          first_run_ms: round(first?.frameMs ?? Number.NaN),
          runs: measured.length,
          events: status.eventsHeld,
          rows_drawn: measured[0]?.rows,
          viewport: '1280x800',
          setup_s: round(setupSeconds),
          setup_reused: reused,
          note: 'median over fresh pages (nothing cached in the renderer), main and its copy warm; from the Audit nav click (event time) to the animation frame after the first event rows are in the grid; harness + Debian Chromium, status, first keyset window with its count, and histogram over IPC-over-HTTP. first_run_ms: the first page, not counted.',
          cores: availableParallelism(),
          load_avg_1m: round(loadavg()[0] ?? 0),
          node: process.version,
          chromium: browser.version(),
        });
      } finally {
        await browser?.close();
        await harness?.stop();
        if (platform !== undefined) await stopProcess(platform);
        if (cache === undefined) fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
