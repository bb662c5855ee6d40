import fs from 'node:fs';
import path from 'node:path';
import type { LiveSession } from '../../main/session/live-session';
import type { RunningHarness } from '../harness/server';
import { addEnvironment, environmentRow, signIn } from './e2e-helpers';
import { expect, test } from './fixtures';

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
  await expect(environmentRow(app, 'Staging')).toContainText(/Signed in as admin/);
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

  await environmentRow(app, 'Staging')
    .getByRole('button', { name: /^Sign out/ })
    .click();
  await expect(environmentRow(app, 'Staging')).toContainText('Signed out');
  await expect(environmentRow(app, 'Production')).toContainText(/Signed in as alice/);

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
