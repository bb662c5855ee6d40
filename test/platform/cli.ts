import { parseArgs } from 'node:util';
import { CONTROL_HEADER, startPlatform } from './index';
import type { PlatformOptions } from './index';

/** `npm run platform -- [flags]`: see README.md. The first output line is the base URL alone. */
const USAGE =
  'Usage: npm run platform -- [--port N] [--data-dir DIR] [--users N] [--audit N] [--legacy]\n' +
  '  [--access-ttl SECONDS] [--faults SPEC] [--password P] [--rate-limit N] [--host 127.0.0.1]\n' +
  '  [--seed-anchor ISO|now]\nSee test/platform/README.md.\n';

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag} takes a number (got "${raw}")`);
  return n;
}

/** The flags as startPlatform options; null when only help was asked for. */
function readOptions(): PlatformOptions | null {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      users: { type: 'string' },
      audit: { type: 'string' },
      legacy: { type: 'boolean' },
      'access-ttl': { type: 'string' },
      faults: { type: 'string' },
      password: { type: 'string' },
      'rate-limit': { type: 'string' },
      'seed-anchor': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return null;
  return {
    port: num('port', values.port),
    host: values.host,
    dataDir: values['data-dir'],
    users: num('users', values.users),
    audit: num('audit', values.audit),
    legacy: values.legacy,
    accessTtlSeconds: num('access-ttl', values['access-ttl']),
    faults: values.faults,
    password: values.password,
    rateLimitPerMinute: num('rate-limit', values['rate-limit']),
    seedAnchor: values['seed-anchor'],
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  const platform = await startPlatform(options);
  const seed = platform.seed.seeded
    ? `seeded ${platform.seed.users} users and ${platform.seed.events} audit events in ${Math.round(platform.seed.ms)} ms`
    : 'data folder already seeded; kept as it is';
  const faults = platform.faults();
  process.stdout.write(
    `${platform.url}\n` +
      `password: ${platform.password}\n` +
      `control-key: ${platform.controlKey}  (header ${CONTROL_HEADER})\n` +
      `mode: ${platform.legacy ? 'legacy (platform-api.md §7)' : 'full (platform-api.md §1-§6)'}; ` +
      `data: ${platform.dataDir ?? 'in memory'}; ${seed}${faults === '' ? '' : `; faults: ${faults}`}\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`platform: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
});
