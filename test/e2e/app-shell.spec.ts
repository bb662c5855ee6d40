import fs from 'node:fs';
import { CALL_NAMES } from '../../shared/ipc/contract';
import { expect, test } from './fixtures';

const AREAS = ['Environments', 'Users', 'Roles', 'Audit', 'Health', 'Settings'] as const;
const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('the shell loads, with no console errors, and a sandboxed page', async ({ app }) => {
  await expect(app).toHaveTitle('OPP Console');
  await expect(app.getByRole('main')).toBeVisible();
  // The page has window.opp and nothing of Node: no require, no process, no generic invoke.
  const globals = await app.evaluate(() => ({
    require: typeof (window as unknown as Record<string, unknown>)['require'],
    process: typeof (window as unknown as Record<string, unknown>)['process'],
    oppDomains: Object.keys((window as unknown as { opp: Record<string, unknown> }).opp).sort(),
  }));
  expect(globals.require).toBe('undefined');
  expect(globals.process).toBe('undefined');
  // Exactly the contract's domains and the event subscriptions: nothing else crosses into the page.
  const domains = [...new Set(CALL_NAMES.map((name) => name.split('.')[0] ?? ''))];
  expect(globals.oppDomains).toEqual([...domains, 'events'].sort());
});

test('navigation reaches every area, by click and by keyboard', async ({ app }) => {
  const nav = app.getByRole('navigation');
  for (const area of AREAS) {
    await nav
      .getByRole('button', { name: area, exact: true })
      .or(nav.getByRole('link', { name: area, exact: true }))
      .click();
    await expect(app.getByRole('heading', { level: 1, name: area })).toBeVisible();
  }
  await app.keyboard.press('Control+2');
  await expect(app.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await app.keyboard.press('Control+4');
  await expect(app.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
});

test('the About panel shows the real version and opens the log folder', async ({ app, harness }) => {
  await app.getByRole('button', { name: 'About' }).click();
  const dialog = app.getByRole('dialog', { name: 'About OPP Console' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('about-version')).toHaveText(
    new RegExp(`\\b${pkg.version.replaceAll('.', '\\.')}\\b`),
  );
  await expect(dialog).toContainText(harness.logFolder);
  await dialog.getByRole('button', { name: 'Open log folder' }).click();
  await expect.poll(() => harness.openedFolders).toEqual([harness.logFolder]);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('invalid input is refused with a clear message, and the app keeps working', async ({ app }) => {
  await app.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  const interval = app.getByLabel('Audit sync interval (minutes)');
  await interval.fill('0');
  await app.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByText('Sync at most once a minute.')).toBeVisible();

  // A compromised renderer calling main directly gets VALIDATION too, and nothing changes.
  const direct = await app.evaluate(() =>
    (
      window as unknown as { opp: { settings: { update(i: unknown): Promise<unknown> } } }
    ).opp.settings.update({
      theme: 'neon',
      auditSyncIntervalMinutes: 'soon',
    }),
  );
  expect(direct).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  await interval.fill('15');
  await app.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByText('Saved')).toBeVisible();
  await expect(app.getByText('Sync at most once a minute.')).toBeHidden();

  await app.getByRole('navigation').getByRole('button', { name: 'Health', exact: true }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
  await app.reload();
  await app.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(app.getByLabel('Audit sync interval (minutes)')).toHaveValue('15');
});

test('the theme switch is kept by main across a reload', async ({ app }) => {
  await app.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  await app.getByRole('radio', { name: 'Dark' }).click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  await app.getByRole('radio', { name: 'Light' }).click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the content security policy blocks inline scripts and remote connections', async ({
  app,
  consoleErrors,
}) => {
  const outcome = await app.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(event.effectiveDirective),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const remote = await fetch('https://example.org/').then(
      () => 'reached',
      () => 'blocked',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
      remote,
      violations,
    };
  });
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.remote).toBe('blocked');
  expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
  // Those two refusals are what this test provokes; any other console error still fails it.
  const provoked = /Content Security Policy|Failed to fetch|ERR_BLOCKED/i;
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((line) => !provoked.test(line)));
});
