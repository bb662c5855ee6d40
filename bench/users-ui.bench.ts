import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { UserPage } from '../shared/domain/user-admin';
import { startHarness, type RunningHarness } from '../test/harness/server';
import {
  BENCH_ENV,
  benchEnvironment,
  percentile,
  round,
  startPlatformProcess,
  stopProcess,
} from './bench-kit';
import type { FigureGroup } from './figure';
import { callHarness, launchChromium } from './ui-bench-kit';

/** Issue 7: "against 10,000 users on the reference platform". The four fixed accounts come on top. */
const BULK_USERS = 10_000;
const SEARCHES = 30;
const GRID = '[role="grid"][aria-label="Users"]';
/** Where the bench is, on stderr (stdout carries only the figures). */
const step = (what: string): void => {
  process.stderr.write(`users bench: ${what}\n`);
};

/** What the list must show for a search: its total and its first user (sorted by username). */
async function expected(
  harness: RunningHarness,
  search: string,
): Promise<{ total: number; firstId: number }> {
  const page = await callHarness<UserPage>(harness, 'users.list', {
    environmentId: BENCH_ENV,
    filter: { search },
    offset: 0,
    limit: 1,
  });
  return { total: page.total, firstId: page.items[0]?.id ?? -1 };
}

/**
 * Runs in the page before a key is pressed: notes the keydown's event time, then the time of
 * the animation frame after the grid shows the expected total and first user. A string, so the
 * bundler's helpers do not leak into the page.
 */
const SEARCH_PROBE = (total: number, firstId: number): string => `
  window.__usersSearch = new Promise((resolve, reject) => {
    let pressedAt = NaN;
    const box = document.querySelector('input[aria-label="Search users"], [role="searchbox"][aria-label="Search users"]')
      ?? [...document.querySelectorAll('input')].find((input) => input.labels && [...input.labels].some((label) => label.textContent.trim() === 'Search users'));
    box.addEventListener('keydown', (event) => { pressedAt = event.timeStamp; }, { capture: true, once: true });
    const done = () => {
      const shown = document.querySelector('[data-testid="users-total"]');
      const first = document.querySelector('${GRID} [data-user-id]');
      // No match: the empty state replaces the rows (and may drop the count).
      if (${total} === 0) return first === null && (shown === null || Number(shown.dataset.value) === 0);
      return shown !== null && Number(shown.dataset.value) === ${total} && first !== null && Number(first.dataset.userId) === ${firstId};
    };
    const observer = new MutationObserver(() => {
      if (Number.isNaN(pressedAt) || !done()) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - pressedAt));
    });
    // A list that never shows what main answers is a failure to report, not a hang.
    const timer = setTimeout(() => {
      observer.disconnect();
      const shown = document.querySelector('[data-testid="users-total"]');
      const first = document.querySelector('${GRID} [data-user-id]');
      reject(new Error('the list did not update: total ' + shown?.dataset.value + ', first user ' + first?.dataset.userId + ' (expected ${total}, ${firstId})'));
    }, 20000);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
  // The script's value: not the promise, or evaluate() would wait for it before the key is pressed.
  undefined;
`;

/**
 * Types `term` but its last character, waits for that list, then times the last keystroke.
 * Null when that keystroke does not change the list (same total and first user): nothing to time.
 */
async function timeSearch(page: Page, harness: RunningHarness, term: string): Promise<number | null> {
  const box = page.getByLabel('Search users');
  const head = term.slice(0, -1);
  const before = await expected(harness, head);
  await box.fill(head);
  await page.waitForFunction(
    ({ total }) =>
      Number(document.querySelector<HTMLElement>('[data-testid="users-total"]')?.dataset['value']) === total,
    { total: before.total },
  );
  const after = await expected(harness, term);
  if (after.total === before.total && after.firstId === before.firstId) return null;
  await page.evaluate(SEARCH_PROBE(after.total, after.firstId));
  await box.press(term.slice(-1));
  return page.evaluate<number>('window.__usersSearch');
}

/**
 * Scrolls the list from top to bottom at a steady pace, one step per animation frame, and
 * records every frame's duration; then checks the last user is drawn. A dropped frame is one
 * that took longer than 1.5 × the display's usual frame.
 */
const SCROLL_PROBE = `
  new Promise((resolve) => {
    const grid = document.querySelector('${GRID}');
    // The grid scrolls inside its viewport element (as the audit table does); else an ancestor.
    let scroller = grid.querySelector('[data-scroll-viewport]') ?? grid;
    while (scroller !== null && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
    const frames = [];
    const step = Math.max(1, Math.round(scroller.clientHeight / 3));
    let last = performance.now();
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
        setTimeout(() => {
          const ids = [...grid.querySelectorAll('[data-user-id]')].map((row) => Number(row.dataset.userId));
          resolve({ frames, scrollHeight: scroller.scrollHeight, lastIds: ids.slice(-3) });
        }, 500);
        return;
      }
      scroller.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })
`;

/** A spread of search terms a person would type: 2 to 5 letters of usernames and surnames across the list. */
async function searchTerms(harness: RunningHarness, total: number): Promise<string[]> {
  const terms: string[] = [];
  for (let k = 0; k < SEARCHES; k += 1) {
    const page = await callHarness<UserPage>(harness, 'users.list', {
      environmentId: BENCH_ENV,
      filter: {},
      offset: Math.floor((k * total) / SEARCHES),
      limit: 1,
    });
    const user = page.items[0];
    if (user === undefined) continue;
    const word = k % 2 === 0 ? user.username : ((user.full_name ?? user.username).split(' ').at(-1) ?? '');
    terms.push(word.slice(0, 2 + (k % 4)).toLowerCase());
  }
  return terms;
}

export const groups: FigureGroup[] = [
  {
    names: ['users.search_p50_ms', 'users.search_p95_ms', 'users.scroll_frame_p95_ms'],
    async run(selected, emit) {
      const folder = fs.mkdtempSync(path.join(tmpdir(), 'opp-users-bench-'));
      let platform: ChildProcess | undefined;
      let harness: RunningHarness | undefined;
      let browser: Browser | undefined;
      try {
        const server = await startPlatformProcess(path.join(folder, 'platform'), {
          users: BULK_USERS,
          audit: 1000,
        });
        platform = server.child;
        harness = await startHarness({ dataDir: path.join(folder, 'console'), keychain: false });
        await callHarness(harness, 'settings.update', { auditSyncIntervalMinutes: 1440 });
        await callHarness(harness, 'environments.save', benchEnvironment(server.url));
        await callHarness(harness, 'session.signIn', {
          environmentId: BENCH_ENV,
          username: 'admin',
          password: server.password,
        });
        step('signed in');
        const everyone = await expected(harness, '');
        if (everyone.total < BULK_USERS) throw new Error(`the platform holds only ${everyone.total} users`);
        const terms = await searchTerms(harness, everyone.total);

        browser = await launchChromium();
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(harness.url);
        await page.getByLabel('Active environment').filter({ hasText: BENCH_ENV }).waitFor();
        await page.getByRole('navigation').getByRole('button', { name: 'Users', exact: true }).click();
        await page.locator(`${GRID} [data-user-id]`).first().waitFor();
        step('list drawn');
        const common = {
          users: everyone.total,
          cores: availableParallelism(),
          load_avg_1m: round(loadavg()[0] ?? 0),
          chromium: browser.version(),
        };

        if (selected('users.search')) {
          // One warm-up search: the first one also loads code and fonts.
          await timeSearch(page, harness, 'zz');
          const samples: number[] = [];
          for (const term of terms) {
            const ms = await timeSearch(page, harness, term);
            if (ms !== null) samples.push(ms);
          }
          if (samples.length < SEARCHES / 2)
            throw new Error(`only ${samples.length} searches changed the list`);
          const note =
            'from the keydown (event time) to the animation frame after the grid shows the new total and first user; includes the 150 ms debounce of the search box, main → reference platform over loopback, and drawing. Harness + Debian Chromium.';
          emit('users.search_p50_ms', {
            value: round(percentile(samples, 50)),
            unit: 'ms',
            searches: samples.length,
            min_ms: round(Math.min(...samples)),
            max_ms: round(Math.max(...samples)),
            note,
            ...common,
          });
          emit('users.search_p95_ms', { value: round(percentile(samples, 95)), unit: 'ms', note, ...common });
          await page.getByLabel('Search users').fill('');
          step('searches timed');
        }

        if (selected('users.scroll')) {
          await page.waitForFunction(
            (total) =>
              Number(document.querySelector<HTMLElement>('[data-testid="users-total"]')?.dataset['value']) ===
              total,
            everyone.total,
          );
          const last = await callHarness<UserPage>(harness, 'users.list', {
            environmentId: BENCH_ENV,
            filter: {},
            offset: everyone.total - 1,
            limit: 1,
          });
          const result = await page.evaluate<{ frames: number[]; scrollHeight: number; lastIds: number[] }>(
            SCROLL_PROBE,
          );
          const lastId = last.items[0]?.id;
          if (lastId === undefined || !result.lastIds.includes(lastId))
            throw new Error(
              `the scroll did not reach the last user (${lastId}); saw ${result.lastIds.join(', ')}`,
            );
          const frames = result.frames.slice(1);
          const usual = percentile(frames, 50);
          emit('users.scroll_frame_p95_ms', {
            value: round(percentile(frames, 95)),
            unit: 'ms',
            frame_p50_ms: round(usual),
            frame_max_ms: round(Math.max(...frames)),
            frames: frames.length,
            dropped_frames: frames.filter((ms) => ms > usual * 1.5).length,
            note: 'one scroll step (a third of the view) per animation frame from the first user to the last, pages fetched from main as they come into view; headless Chromium without GPU, so frames are paced by its own timer.',
            ...common,
          });
        }
        await context.close();
      } finally {
        await browser?.close();
        await harness?.stop();
        if (platform !== undefined) await stopProcess(platform);
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
