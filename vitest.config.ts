import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (main, preload and shared in plain Node, no servers), `renderer`
 * (components in jsdom) and `integration` (real servers, real SQLite, real keyring and
 * Prometheus, under test/). Playwright's end-to-end specs (test/e2e) are not vitest's.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'shared/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/electron/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration tests start servers on loopback: one file at a time keeps 2 cores calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
