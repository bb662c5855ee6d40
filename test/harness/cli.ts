import { parseArgs } from 'node:util';
import { startHarness } from './server';

/** `npm run harness -- [--port N] [--data-dir DIR] [--verbose]`: prints the URL on a line of its own. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}
const harness = await startHarness({ port, dataDir: values['data-dir'], verbose: values.verbose });
console.log('OPP Console test harness (main services without Electron). Open in Chromium:');
console.log(harness.url);
console.log(`Data folder: ${harness.dataDir}`);

const stop = (): void => {
  harness.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
