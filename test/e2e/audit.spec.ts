import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { AuditEvent } from '../../shared/domain/audit';
import type { AuditFilter } from '../../shared/domain/audit-query';
import { expectedIds } from '../audit/audit-oracle';
import { serverLog } from '../audit/audit-helpers';
import { startPlatform, type RunningPlatform } from '../platform/index';
import { addEnvironment, chooseEnvironment, openArea, signIn } from './e2e-helpers';
import { expect, test as base } from './fixtures';

/** Enough events for every filter below to match several screens' worth, few enough for 2 cores. */
const SEEDED_EVENTS = 4000;
const DAY_MS = 24 * 3600_000;
const ENVIRONMENT = 'Audit lab';

// A platform of its own: seeded with events that end now, so the quick ranges have something to show.
const test = base.extend<object, { auditPlatform: RunningPlatform }>({
  auditPlatform: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const platform = await startPlatform({ audit: SEEDED_EVENTS, users: 40, seedAnchor: 'now' });
      await use(platform);
      await platform.stop();
    },
    { scope: 'worker' },
  ],
});

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Audit events' });
}

/** The rows drawn now, as [index in the result, event id]. */
function drawnRows(page: Page): Promise<[number, number][]> {
  return grid(page)
    .locator('[data-event-id]')
    .evaluateAll((rows) =>
      rows.map((row): [number, number] => [
        Number((row as HTMLElement).dataset['index']),
        Number((row as HTMLElement).dataset['eventId']),
      ]),
    );
}

/**
 * The table shows exactly the expected result: its total, and every row drawn is the event the
 * oracle puts at that index (a screenful at least, or all when fewer).
 */
async function expectRows(page: Page, expected: readonly number[], total = expected.length): Promise<void> {
  await expect(page.getByTestId('audit-total')).toHaveAttribute('data-value', String(total));
  if (expected.length === 0) {
    await expect(page.getByText('No events match')).toBeVisible();
    return;
  }
  await expect(grid(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect(async () => {
    const rows = await drawnRows(page);
    expect(rows.length).toBeGreaterThanOrEqual(Math.min(total, 10));
    expect(rows.map(([index]) => index)).toContain(0);
    // [index, id shown, id expected] for every row that is not the event expected there.
    const wrong = rows
      .map(([index, id]) => [index, id, expected[index]])
      .filter(([, id, want]) => id !== want);
    expect(wrong).toEqual([]);
  }).toPass({ timeout: 10_000 });
}

/** The result of a quick range: `from` was set between `before` and `after` (ms), minus `spanMs`. */
async function expectQuickRange(
  page: Page,
  log: readonly AuditEvent[],
  filter: AuditFilter,
  spanMs: number,
  before: number,
  after: number,
): Promise<void> {
  const widest = expectedIds(log, { ...filter, from: new Date(before - spanMs).toISOString() });
  const narrowest = expectedIds(log, { ...filter, from: new Date(after - spanMs).toISOString() });
  // Newest first, the two differ only by events in the few milliseconds at their old end.
  await expect(async () => {
    const total = Number(await page.getByTestId('audit-total').getAttribute('data-value'));
    expect(total).toBeGreaterThanOrEqual(narrowest.length);
    expect(total).toBeLessThanOrEqual(widest.length);
  }).toPass({ timeout: 10_000 });
  const total = Number(await page.getByTestId('audit-total').getAttribute('data-value'));
  await expectRows(page, widest.slice(0, total), total);
}

/** The definition beside a term in the detail panel's facts. */
function fact(panel: Locator, term: string): Locator {
  return panel
    .locator('dt')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

function resourceText(event: AuditEvent): string {
  if (event.resource === null) return event.resource_id ?? '—';
  return event.resource_id === null ? event.resource : `${event.resource} ${event.resource_id}`;
}

/** Opens the event in the first row and checks every field against the server's own record. */
async function openFirstRow(
  page: Page,
  log: readonly AuditEvent[],
): Promise<{ panel: Locator; event: AuditEvent }> {
  const first = grid(page).locator('[data-index="0"][data-event-id]');
  const id = Number(await first.getAttribute('data-event-id'));
  const event = log.find((e) => e.id === id);
  if (event === undefined) throw new Error(`event ${id} is not in the server's log`);
  await first.click();
  const panel = page.getByRole('complementary', { name: `Event ${id}` });
  await expect(panel.getByRole('heading', { name: `Event ${id}` })).toBeVisible();
  await expect(fact(panel, 'Time')).toContainText(event.timestamp);
  await expect(fact(panel, 'User')).toHaveText(
    event.username === null ? 'Unknown user' : `${event.username} (id ${String(event.user_id)})`,
  );
  await expect(fact(panel, 'Action')).toHaveText(event.action);
  await expect(fact(panel, 'Resource')).toHaveText(resourceText(event));
  await expect(fact(panel, 'Outcome')).toHaveText(event.outcome === 'failure' ? 'Failure' : 'Success');
  await expect(fact(panel, 'IP address')).toHaveText(event.ip_address ?? '—');
  await expect(fact(panel, 'User agent')).toHaveText(event.user_agent ?? '—');
  await expect(fact(panel, 'Session')).toHaveText(event.session_id ?? '—');
  await expect(fact(panel, 'Hash')).toHaveText(event.hash ?? '—');
  await expect(fact(panel, 'Previous hash')).toHaveText(event.prev_hash ?? '—');
  await expect(panel.getByTestId('audit-event-details')).toHaveText(
    event.details === null ? 'No details.' : JSON.stringify(event.details, null, 2),
  );
  await expect(panel.getByTestId('audit-event-chain')).toContainText('Verified');
  return { panel, event };
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search events' }).fill(text);
}

/** "Add filter…": a field and a value, as an administrator picks them. */
async function addFilter(page: Page, field: string, value: string): Promise<void> {
  await page.getByRole('button', { name: 'Add filter…' }).click();
  const form = page.getByRole('dialog', { name: 'Add a filter' });
  await form.getByLabel('Field').selectOption({ label: field });
  if (field === 'Outcome') await form.getByLabel('Value').selectOption({ label: value });
  else await form.getByLabel('Value').fill(value);
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form).toBeHidden();
}

async function quickRange(page: Page, label: string): Promise<{ before: number; after: number }> {
  const before = Date.now();
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: label }).click();
  const after = Date.now();
  await expect(page.getByRole('button', { name: /^Remove filter: Time: since / })).toBeVisible();
  return { before, after };
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) throw new Error('the CSV does not end with a line break');
  return records;
}

interface Manifest {
  file: string;
  format: string;
  filter: AuditFilter;
  count: number;
  first: { id: number; timestamp: string } | null;
  last: { id: number; timestamp: string } | null;
  sha256: string;
}

test('audit: copy, filter, search, detail and export online; the same offline from the copy', async ({
  app,
  harness,
  auditPlatform: platform,
}) => {
  test.setTimeout(90_000);
  const strip = app.getByRole('region', { name: 'Audit copy' });
  const held = app.getByTestId('audit-events-held');
  const asOf = app.getByTestId('audit-as-of');

  await test.step('sign in: the copy starts', async () => {
    // No periodic sync during the test: what the copy holds is fixed once the first one is done.
    await openArea(app, 'Settings');
    await app.getByLabel('Audit sync interval (minutes)').fill('1440');
    await app.getByRole('button', { name: 'Save' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await addEnvironment(app, ENVIRONMENT, platform.url);
    await signIn(app, ENVIRONMENT, 'admin', platform.password);
    await chooseEnvironment(app, ENVIRONMENT);
    await openArea(app, 'Audit');
  });

  const { log, heldCount } =
    await test.step('the copy completes, verified, and holds the server’s log', async () => {
      await expect(asOf).toHaveText(/^Copy as of /, { timeout: 30_000 });
      await expect(strip.getByRole('progressbar', { name: 'Copying' })).toHaveCount(0);
      const count = Number(await held.getAttribute('data-value'));
      expect(count).toBeGreaterThan(SEEDED_EVENTS);
      await expect(app.getByTestId('audit-chain-status')).toHaveText(
        `Chain verified through event ${count.toLocaleString('en-US')}`,
      );
      await expect(strip.getByRole('button', { name: 'Sync now' })).toBeEnabled();
      // The server's own log, read without console code. Reading it signs in once more (one event
      // the copy does not hold): the copy must be everything before that.
      const serverEvents = await serverLog(platform.url, platform.password);
      expect(serverEvents.length).toBe(count + 1);
      const copied = serverEvents.filter((e) => e.id <= count);
      expect(copied.map((e) => e.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      return { log: copied, heldCount: count };
    });
  const everything = expectedIds(log, {});

  await test.step('everything, newest first, to its last event', async () => {
    await expectRows(app, everything);
    // The end: keyset paging backwards from the oldest event, far from the first window.
    await grid(app).focus();
    await app.keyboard.press('End');
    await expect(async () => {
      const rows = await drawnRows(app);
      expect(rows.map(([index]) => index)).toContain(everything.length - 1);
      expect(rows.map(([index]) => [index, everything[index]])).toEqual(rows);
    }).toPass({ timeout: 10_000 });
  });

  await test.step('free text, chips, and the detail panel’s filters', async () => {
    await search(app, 'bad_password');
    await expectRows(app, expectedIds(log, { text: 'bad_password' }));
    await addFilter(app, 'Outcome', 'Failure');
    await expect(app.getByRole('button', { name: 'Remove filter: Outcome: failure' })).toBeVisible();
    let filter: AuditFilter = { text: 'bad_password', outcome: 'failure' };
    await expectRows(app, expectedIds(log, filter));

    const { panel, event } = await openFirstRow(app, log);
    await panel.getByRole('button', { name: 'Filter by this action' }).click();
    await expect(app.getByRole('button', { name: `Remove filter: Action: ${event.action}` })).toBeVisible();
    filter = { ...filter, actions: [event.action] };
    await expectRows(app, expectedIds(log, filter));
    const username = event.username;
    if (username === null) throw new Error('a bad_password failure names its user');
    await panel.getByRole('button', { name: 'Filter by this user' }).click();
    await expect(app.getByRole('button', { name: `Remove filter: User: ${username}` })).toBeVisible();
    filter = { ...filter, usernames: [username] };
    await expectRows(app, expectedIds(log, filter));
    await panel.getByRole('button', { name: 'Close event details' }).click();
    await expect(panel).toBeHidden();

    // Chips remove what they name.
    await app.getByRole('button', { name: 'Remove filter: Outcome: failure' }).click();
    await app.getByRole('button', { name: `Remove filter: Action: ${event.action}` }).click();
    await search(app, '');
    await expectRows(app, expectedIds(log, { usernames: [username] }));
    await app.getByRole('button', { name: `Remove filter: User: ${username}` }).click();
    await expectRows(app, everything);
  });

  await test.step('a quick range, exported as CSV with its manifest', async () => {
    const week = await quickRange(app, 'Last week');
    await expectQuickRange(app, log, {}, 7 * DAY_MS, week.before, week.after);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-audit-e2e-'));
    try {
      const file = path.join(folder, 'last-week.csv');
      harness.dialogAnswers.push(file);
      await app.getByRole('button', { name: 'Export CSV' }).click();
      const result = app.getByRole('status', { name: 'Export result' });
      await expect(result).toContainText(file);
      const bytes = fs.readFileSync(file);
      const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as Manifest;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(manifest.sha256).toBe(sha256);
      await expect(result.getByTestId('audit-export-sha256')).toHaveText(sha256);
      expect(manifest).toMatchObject({ file: 'last-week.csv', format: 'csv' });

      // The manifest records the filter exactly: the rows on screen and in the file can be checked exactly.
      expect(Object.keys(manifest.filter)).toEqual(['from']);
      const from = Date.parse(manifest.filter.from ?? '');
      expect(from).toBeGreaterThanOrEqual(week.before - 7 * DAY_MS);
      expect(from).toBeLessThanOrEqual(week.after - 7 * DAY_MS);
      const lastWeek = expectedIds(log, manifest.filter);
      expect(lastWeek.length).toBeGreaterThan(100);
      await expectRows(app, lastWeek);

      const [header, ...records] = parseCsv(bytes.toString('utf8'));
      const column = (name: string): number => header?.indexOf(name) ?? -1;
      const oldestFirst = [...lastWeek].reverse();
      expect(records.map((r) => Number(r[column('id')]))).toEqual(oldestFirst);
      const byId = new Map(log.map((e) => [e.id, e]));
      for (const record of records) {
        expect(record).toHaveLength(header?.length ?? 0);
        const want = byId.get(Number(record[column('id')]));
        expect(record[column('timestamp')]).toBe(want?.timestamp);
        expect(record[column('username')]).toBe(want?.username ?? '');
        expect(record[column('action')]).toBe(want?.action);
        expect(record[column('hash')]).toBe(want?.hash);
      }
      const firstEvent = byId.get(oldestFirst[0] ?? -1);
      const lastEvent = byId.get(oldestFirst.at(-1) ?? -1);
      expect(manifest.count).toBe(records.length);
      expect(manifest.first).toEqual({ id: firstEvent?.id, timestamp: firstEvent?.timestamp });
      expect(manifest.last).toEqual({ id: lastEvent?.id, timestamp: lastEvent?.timestamp });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  await test.step('the server stops: the screen says offline, as of the last copy', async () => {
    const lastSyncAt = await asOf.getAttribute('title');
    const when = /\(.+\)$/.exec((await asOf.textContent()) ?? '')?.[0] ?? 'none';
    await platform.stop();
    await strip.getByRole('button', { name: 'Sync now' }).click();
    const failed = app.getByRole('listitem').filter({ hasText: 'The copy was not brought up to date.' });
    await expect(failed).toContainText('cannot be reached');
    // Read, then put away: it would cover the detail panel's buttons for a while.
    await failed.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(failed).toBeHidden();
    await expect(asOf).toHaveText(new RegExp(`^Offline, showing the copy as of .+ ${escapeRegExp(when)}$`));
    await expect(asOf).toHaveAttribute('title', lastSyncAt ?? '');
    await expect(held).toHaveAttribute('data-value', String(heldCount));
  });

  await test.step('offline: free text, chips, detail and quick ranges from the copy', async () => {
    await app.getByRole('button', { name: 'Clear all filters' }).click();
    await expectRows(app, everything);
    await search(app, 'firefox');
    await addFilter(app, 'IP prefix', '10.');
    await expect(app.getByRole('button', { name: 'Remove filter: IP: 10.' })).toBeVisible();
    await expectRows(app, expectedIds(log, { text: 'firefox', ipPrefix: '10.' }));
    const { panel, event } = await openFirstRow(app, log);
    await panel.getByRole('button', { name: 'Filter by this IP' }).click();
    const ip = event.ip_address ?? '';
    await expect(app.getByRole('button', { name: `Remove filter: IP: ${ip}` })).toBeVisible();
    await expectRows(app, expectedIds(log, { text: 'firefox', ipPrefix: ip }));
    await search(app, '');
    await app.getByRole('button', { name: `Remove filter: IP: ${ip}` }).click();
    await expectRows(app, everything);
    const day = await quickRange(app, 'Last day');
    await expectQuickRange(app, log, {}, DAY_MS, day.before, day.after);
  });

  await test.step('offline: the chain is checked again from the copy alone', async () => {
    await strip.getByRole('button', { name: 'Verify again' }).click();
    await expect(app.getByText('Chain checked.', { exact: true })).toBeVisible();
    await expect(app.getByTestId('audit-chain-status')).toHaveText(
      `Chain verified through event ${heldCount.toLocaleString('en-US')}`,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
