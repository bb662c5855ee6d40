import path from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run demo -- [--port N] [--data-dir DIR] [--fresh] [--no-monitoring] [--no-load] [--harness]
  --port N         port of the console's test harness (default: a free one)
  --data-dir DIR   where platform, console and monitoring data live (default .cache/demo)
  --fresh          delete the demo's data there first: seed again, forget the console's state
  --no-monitoring  do not start Prometheus, AlertManager and node exporter
  --no-load        no background requests (the charts then stay flat)
  --harness        the test harness even where Electron is installed
`;

export interface DemoFlags {
  port: number;
  dataDir: string;
  fresh: boolean;
  monitoring: boolean;
  load: boolean;
  harness: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command line's flags; null when only --help was asked for. Throws UsageError on a bad one. */
export function readFlags(args: string[], defaultDataDir: string): DemoFlags | null {
  const { values } = parse(args, defaultDataDir);
  if (values.help) return null;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new UsageError(`--port takes a number from 0 to 65535 (0: a free port), not "${values.port}"`);
  }
  return {
    port,
    dataDir: path.resolve(values['data-dir']),
    fresh: values.fresh,
    monitoring: !values['no-monitoring'],
    load: !values['no-load'],
    harness: values.harness,
  };
}

function parse(args: string[], defaultDataDir: string) {
  try {
    return parseArgs({
      args,
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string', default: defaultDataDir },
        fresh: { type: 'boolean', default: false },
        'no-monitoring': { type: 'boolean', default: false },
        'no-load': { type: 'boolean', default: false },
        harness: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    // Node's messages name the flag ("Unknown option '--prot'"); the usage follows them.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
