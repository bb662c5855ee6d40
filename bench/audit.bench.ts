import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { composeServices, type ComposedServices } from '../main/compose';
import { MemoryLogger } from '../main/log/logger';
import type { AuditFilter, AuditRow, AuditStatus } from '../shared/domain/audit-query';
import type { FigureGroup } from './figure';
import { naiveQuery } from './audit-naive';

const EVENTS = 1_000_000;
const REPEATS = 5;
const NAIVE_REPEATS = 2;
const ENV = 'bench';

/**
 * The reference platform in a process of its own, as a server is: the console and the server
 * do not share one event loop, and the 2 cores can work at once.
 */
async function startServer(dataDir: string): Promise<{ url: string; password: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/platform/cli.ts',
      '--data-dir',
      dataDir,
      '--users',
      '1000',
      '--audit',
      String(EVENTS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let url: string | null = null;
  for await (const line of lines) {
    if (url === null) url = line.trim();
    const password = /^password: (.*)$/.exec(line)?.[1];
    if (password !== undefined) return { url, password, child };
  }
  throw new Error('The reference platform ended before it printed its address');
}

/** CPU seconds a process has used so far (Linux's /proc; null where there is none). */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks (100 per second on Linux).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** A fixed mix of what administrators ask: filters alone, words alone, and both. */
function querySet(
  newestMs: number,
  user1: string,
  user2: string,
): { name: string; filter: AuditFilter; order?: 'oldest' }[] {
  const day = 24 * 3600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    { name: 'everything', filter: {} },
    { name: 'failures', filter: { outcome: 'failure' } },
    { name: 'failed sign-ins', filter: { actions: ['login_failed', 'account_locked'] } },
    { name: 'one user', filter: { usernames: [user1] } },
    { name: 'two users, 30 days', filter: { usernames: [user1, user2], from: iso(newestMs - 30 * day) } },
    { name: 'last week', filter: { from: iso(newestMs - 7 * day), to: iso(newestMs) } },
    { name: 'text: curl', filter: { text: 'curl' } },
    { name: 'text: bad_password + failure', filter: { text: 'bad_password', outcome: 'failure' } },
    { name: 'text: firefox + ip 192.168.', filter: { text: 'Firefox', ipPrefix: '192.168.' } },
    { name: 'ip 10.20.3.', filter: { ipPrefix: '10.20.3.' } },
    { name: 'role + text project*', filter: { resource: 'role', text: 'project*' } },
    { name: 'deletions, 30 days', filter: { actions: ['user_deleted'], from: iso(newestMs - 30 * day) } },
    { name: 'text: locked', filter: { text: 'locked' } },
    { name: 'text: mozilla windows', filter: { text: 'mozilla windows' } },
    { name: 'failures, oldest first', filter: { outcome: 'failure' }, order: 'oldest' },
  ];
}

async function call<T>(services: ComposedServices, name: string, input?: unknown): Promise<T> {
  const answer = await services.dispatcher.dispatch(name, input, { transport: 'ipc' });
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.data as T;
}

export const groups: FigureGroup[] = [
  {
    names: [
      'audit.sync.events_per_s',
      'audit.query.p50_ms',
      'audit.query.p95_ms',
      'audit.query.naive_p95_ms',
      'audit.query.speedup',
      'audit.bytes_per_1000_events',
    ],
    async run(selected, emit) {
      const folder = fs.mkdtempSync(path.join(tmpdir(), 'opp-audit-bench-'));
      const server = await startServer(path.join(folder, 'platform'));
      const dataFolder = path.join(folder, 'console');
      const services = await composeServices({
        facts: {
          name: 'OPP Console',
          version: 'bench',
          electronVersion: null,
          dataFolder,
          logFolder: path.join(folder, 'logs'),
        },
        log: new MemoryLogger(),
        openFolder: () => Promise.resolve(),
        push: () => undefined,
        dialogs: { chooseSaveFile: () => Promise.resolve(null), chooseOpenFile: () => Promise.resolve(null) },
        loadKeychain: () => Promise.resolve(null),
      });
      const machine = { cores: availableParallelism(), node: process.version, load: loadavg()[0] };
      try {
        await call(services, 'settings.update', { auditSyncIntervalMinutes: 1440 });
        await call(services, 'environments.save', {
          name: ENV,
          apiUrl: server.url,
          prometheus: null,
          alertmanager: null,
          caFile: null,
          colour: 'blue',
          isProduction: false,
        });
        // End to end: sign-in starts the copy; syncNow joins it and answers when it has caught up.
        const started = performance.now();
        const consoleCpu = process.cpuUsage();
        const serverCpu = processCpuSeconds(server.child.pid);
        await call(services, 'session.signIn', {
          environmentId: ENV,
          username: 'admin',
          password: server.password,
        });
        const status = await call<AuditStatus>(services, 'audit.syncNow', { environmentId: ENV });
        const syncSeconds = (performance.now() - started) / 1000;
        // Where the 2 cores went: the server's process, and the console's (main and write threads).
        const consoleUsed = process.cpuUsage(consoleCpu);
        const serverUsed = processCpuSeconds(server.child.pid);
        // A full re-check queues behind the index merge that follows a copy: when it answers, the
        // index is tidy for the queries below. Its time is the merge's and the re-check's together.
        const verifyStarted = performance.now();
        await call(services, 'audit.verify', { environmentId: ENV });
        const verifySeconds = (performance.now() - verifyStarted) / 1000;
        if (selected('audit.sync.events_per_s')) {
          emit('audit.sync.events_per_s', {
            value: Math.round(status.eventsHeld / syncSeconds),
            unit: 'events/s',
            events: status.eventsHeld,
            seconds: round(syncSeconds),
            chain: status.chain.status,
            merge_and_verify_seconds: round(verifySeconds),
            console_cpu_s: round((consoleUsed.user + consoleUsed.system) / 1e6),
            server_cpu_s: serverCpu === null || serverUsed === null ? null : round(serverUsed - serverCpu),
            target: '>= 50000',
            note: 'sign-in to caught up: cursor API over loopback (server in its own process), zod, SHA-256 chain, SQLite + FTS5',
            ...machine,
          });
        }

        const file = path.join(dataFolder, 'cache', `${ENV}.sqlite`);
        if (selected('audit.bytes_per_1000_events')) {
          const bytes = ['', '-wal'].reduce(
            (sum, s) => sum + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0),
            0,
          );
          emit('audit.bytes_per_1000_events', {
            value: Math.round((bytes / status.eventsHeld) * 1000),
            unit: 'bytes',
            file_mb: Math.round(bytes / 1e5) / 10,
            events: status.eventsHeld,
          });
        }

        const sample = (id: number) => call<AuditRow>(services, 'audit.event', { environmentId: ENV, id });
        const [u1, u2] = [
          (await sample(500_000)).username ?? 'admin',
          (await sample(750_000)).username ?? 'alice',
        ];
        const queries = querySet(Date.parse(status.newestTimestamp ?? ''), u1, u2);
        const ours: number[] = [];
        const perQuery: Record<string, number> = {};
        for (const q of queries) {
          const input = {
            environmentId: ENV,
            filter: q.filter,
            order: q.order ?? 'newest',
            after: null,
            limit: 100,
          };
          await call(services, 'audit.query', input); // warm the page cache once
          const times: number[] = [];
          for (let i = 0; i < REPEATS; i += 1) {
            const t = performance.now();
            await call(services, 'audit.query', input);
            times.push(performance.now() - t);
          }
          ours.push(...times);
          perQuery[q.name] = round(percentile(times, 50));
        }
        const naive: number[] = [];
        const naivePerQuery: Record<string, number> = {};
        const db = new Database(file, { readonly: true });
        try {
          for (const q of queries) {
            const times: number[] = [];
            for (let i = 0; i < NAIVE_REPEATS; i += 1) {
              const t = performance.now();
              naiveQuery(db, q.filter, q.order ?? 'newest', 0, 100);
              times.push(performance.now() - t);
            }
            naive.push(...times);
            naivePerQuery[q.name] = round(percentile(times, 50));
          }
        } finally {
          db.close();
        }
        const p95 = percentile(ours, 95);
        const naiveP95 = percentile(naive, 95);
        const facts = {
          queries: queries.length,
          samples: ours.length,
          window: 100,
          with_count: true,
          ...machine,
        };
        if (selected('audit.query.p50_ms'))
          emit('audit.query.p50_ms', {
            value: round(percentile(ours, 50)),
            unit: 'ms',
            ...facts,
            per_query_p50: perQuery,
          });
        if (selected('audit.query.p95_ms'))
          emit('audit.query.p95_ms', { value: round(p95), unit: 'ms', target: '<= 50', ...facts });
        if (selected('audit.query.naive_p95_ms'))
          emit('audit.query.naive_p95_ms', {
            value: round(naiveP95),
            unit: 'ms',
            note: "LIKE '%word%' over the text columns, plain column filters, ORDER BY time LIMIT/OFFSET, count(*) over the same WHERE",
            samples: naive.length,
            per_query_p50: naivePerQuery,
          });
        if (selected('audit.query.speedup'))
          emit('audit.query.speedup', {
            value: Math.round((naiveP95 / p95) * 10) / 10,
            unit: 'x',
            ours_p95_ms: round(p95),
            naive_p95_ms: round(naiveP95),
          });
      } finally {
        await services.dispose();
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
