import { chromium, type Browser } from 'playwright-core';
import type { RunningHarness } from '../test/harness/server';
import { call } from './bench-kit';

/*
 * For the benches that time the real renderer: the harness build (`npm run build` first) in
 * Debian's Chromium, driven by Playwright.
 */

/**
 * As the e2e tests launch it (playwright.config.ts): no sandbox, which refuses root (the bench
 * containers run as root), no GPU, and nothing of Chromium's own (updates, sync, first-run
 * pages) running beside a measure.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium rather than Playwright's download: the browser the machine has. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A call as the harness's page makes it (over HTTP), for the bench's own setup and checks. */
export function callHarness<T>(harness: RunningHarness, name: string, input?: unknown): Promise<T> {
  return call<T>(harness.services, name, input, { transport: 'http' });
}
