import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { LiveSession } from '../../main/session/live-session';
import type { RunningHarness } from '../harness/server';
import { expect, test } from './fixtures';

async function addEnvironment(page: Page, name: string, apiUrl: string, production = false): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Environments', exact: true }).click();
  await page.getByRole('button', { name: 'Add environment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add environment' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('API base URL').fill(apiUrl);
  if (production) await dialog.getByLabel('This is a production environment').check();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('connection-check-api')).toContainText(/OPP .*healthy/);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

/** An environment's row (named by its environment; toasts are list items too). */
function row(page: Page, name: string) {
  return page.getByRole('listitem', { name, exact: true });
}

async function signIn(page: Page, environment: string, username: string, password: string): Promise<void> {
  await row(page, environment)
    .getByRole('button', { name: /^Sign in/ })
    .click();
  const dialog = page.getByRole('dialog', { name: `Sign in to ${environment}` });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
}

/** The tokens main holds right now (test code reaches into the manager to know what to look for). */
function tokensHeldByMain(harness: RunningHarness): string[] {
  const live = (harness.services.sessions as unknown as { live: Map<string, LiveSession> }).live;
  return [...live.values()]
    .flatMap((session) => [session.accessToken, session.refreshToken ?? ''])
    .filter((t) => t !== '');
}

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test('add environments, test, sign in, switch, sign out; no token ever leaves main', async ({
  app,
  harness,
  platform,
  legacyPlatform,
}) => {
  const answers: string[] = [];
  app.on('response', (response) => {
    if (response.url().includes('/__harness/')) answers.push(response.url());
    if (response.url().includes('/__harness/call/')) void response.text().then((text) => answers.push(text));
  });

  await addEnvironment(app, 'Staging', platform.url);
  await addEnvironment(app, 'Production', legacyPlatform.url, true);

  await signIn(app, 'Staging', 'admin', platform.password);
  await expect(row(app, 'Staging')).toContainText(/Signed in as admin/);
  const switcher = app.getByLabel('Active environment');
  await switcher.click();
  await app.getByRole('option', { name: /Staging/ }).click();
  await expect(app.getByTestId('session-user')).toHaveText('admin · admin');
  await expect(app.getByTestId('production-marker')).toHaveCount(0);

  await signIn(app, 'Production', 'alice', legacyPlatform.password);
  await switcher.click();
  await app.getByRole('option', { name: /Production/ }).click();
  await expect(app.getByTestId('session-user')).toHaveText('alice · user');
  await expect(app.getByTestId('production-marker')).toBeVisible();

  // Switching back keeps the first session.
  await switcher.click();
  await app.getByRole('option', { name: /Staging/ }).click();
  await expect(app.getByTestId('session-user')).toHaveText('admin · admin');
  await expect(app.getByTestId('production-marker')).toHaveCount(0);

  const tokens = tokensHeldByMain(harness);
  expect(tokens.length).toBe(3); // Staging: access + refresh; legacy Production: access only

  await row(app, 'Staging')
    .getByRole('button', { name: /^Sign out/ })
    .click();
  await expect(row(app, 'Staging')).toContainText('Signed out');
  await expect(row(app, 'Production')).toContainText(/Signed in as alice/);

  // The proof: none of those tokens in any IPC answer, the DOM, the browser's storage, the logs, the SQLite files.
  await expect.poll(() => answers.length).toBeGreaterThan(10);
  const dom = await app.content();
  const storage = await app.evaluate(async () => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
    databases: JSON.stringify(await indexedDB.databases()),
  }));
  const cookies = JSON.stringify(await app.context().cookies());
  const files = filesUnder(harness.dataDir);
  expect(files.some((f) => f.endsWith('.log'))).toBe(true);
  expect(files.some((f) => f.endsWith('console.sqlite'))).toBe(true);
  const places: [string, string][] = [
    ['IPC answers', answers.join('\n')],
    ['DOM', dom],
    ['browser storage', JSON.stringify(storage) + cookies],
    ...files.map((file): [string, string] => [file, fs.readFileSync(file).toString('latin1')]),
  ];
  for (const [where, text] of places) {
    for (const token of tokens) expect(text.includes(token), `a token in ${where}`).toBe(false);
  }
});
