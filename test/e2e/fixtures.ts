import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type RunningHarness } from '../harness/server';
import { startPlatform, type RunningPlatform } from '../platform/index';

interface TestFixtures {
  /** Console messages of level error and uncaught page errors seen during the test. */
  consoleErrors: string[];
  /** The page opened on the harness, with the shell loaded. */
  app: Page;
}
interface WorkerFixtures {
  harness: RunningHarness;
  /** A reference platform (full API) for this worker. */
  platform: RunningPlatform;
  /** A second one, in legacy mode: another environment to switch to. */
  legacyPlatform: RunningPlatform;
}

/**
 * One harness per test file's worker, with its own data folder. Every test fails if the page
 * logged an error it did not expect: a quiet console is part of "the shell works".
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  harness: [
    // Playwright reads a fixture's dependencies from its first parameter: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const harness = await startHarness();
      await use(harness);
      await harness.stop();
    },
    { scope: 'worker' },
  ],
  platform: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const platform = await startPlatform({});
      await use(platform);
      await platform.stop();
    },
    { scope: 'worker' },
  ],
  legacyPlatform: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const platform = await startPlatform({ legacy: true });
      await use(platform);
      await platform.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    await expect(page.getByRole('navigation')).toBeVisible();
    await use(page);
  },
});

export { expect };
