import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the harness' `window.opp` bridge into one classic script, out/harness/bridge.js. */
export default defineConfig({
  build: {
    outDir: resolve('out/harness'),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: resolve('test/harness/bridge.ts'),
      formats: ['iife'],
      name: 'oppHarnessBridge',
      fileName: () => 'bridge.js',
    },
  },
});
