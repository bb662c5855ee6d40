import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { ComposedServices } from '../main/compose';
import type { CallContext } from '../main/ipc/dispatcher';

/** The id of the environment the benches save (its id is its name). */
export const BENCH_ENV = 'bench';

/** What `environments.save` takes for the reference platform at `apiUrl`: no monitoring, no CA. */
export function benchEnvironment(apiUrl: string) {
  return {
    name: BENCH_ENV,
    apiUrl,
    prometheus: null,
    alertmanager: null,
    caFile: null,
    colour: 'blue',
    isProduction: false,
  };
}

/** A refused call throws: a bench must not go on to time an error. */
export async function call<T>(
  services: ComposedServices,
  name: string,
  input?: unknown,
  context: CallContext = { transport: 'ipc' },
): Promise<T> {
  const answer = await services.dispatcher.dispatch(name, input, context);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.data as T;
}

/**
 * The reference platform in a process of its own, as a server is: the console and the server
 * do not share one event loop, and the 2 cores can work at once. Seeded into `dataDir` (a
 * folder seeded before is reused as it is).
 */
export async function startPlatformProcess(
  dataDir: string,
  seed: { users: number; audit: number; port?: number },
): Promise<{ url: string; password: string; child: ChildProcess }> {
  const port = seed.port === undefined ? [] : ['--port', String(seed.port)];
  const args = ['--import', 'tsx', 'test/platform/cli.ts', '--data-dir', dataDir, ...port];
  const child = spawn(
    process.execPath,
    [...args, '--users', String(seed.users), '--audit', String(seed.audit)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let url: string | null = null;
  for await (const line of lines) {
    url ??= line.trim();
    const password = /^password: (.*)$/.exec(line)?.[1];
    if (password !== undefined) return { url, password, child };
  }
  throw new Error('The reference platform ended before it printed its address');
}

/**
 * SIGTERM, and waits for the exit. With `killAfterMs`, a process that has not ended by then
 * gets SIGKILL instead of being waited for without end.
 */
export async function stopProcess(child: ChildProcess, killAfterMs?: number): Promise<void> {
  // Never started (no pid) or already gone: no 'exit' would come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (killAfterMs === undefined) {
    await exited;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, killAfterMs)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A port free on loopback now (another process may take it before it is used). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The upper middle value for an even count, as the figures have always reported it. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
