import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for the three processes, into `out/` (what electron-builder packs):
 * - main: ESM for Node inside Electron; npm dependencies stay external (native modules load
 *   from node_modules, unpacked from the asar).
 * - preload: CommonJS in one file, dependencies bundled, because a sandboxed preload can only
 *   require `electron` and a few built-ins.
 * - renderer: the React app, served to the window from `app://opp/`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve('main/index.ts'),
          // The audit sync's write worker (a worker_threads script, started by
          // main/audit/audit-write-sink.ts from `audit-write-worker.js` beside the bundle).
          'audit-write-worker': resolve('main/audit/audit-write-worker.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves the renderer unminified by default; 1.2 MB of JS is slow to parse.
      minify: true,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
