import fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { composeServices } from '../main/compose';
import { MemoryLogger } from '../main/log/logger';
import type { AuditFilter, AuditRow, AuditStatus } from '../shared/domain/audit-query';
import {
  BENCH_ENV,
  benchEnvironment,
  call,
  percentile,
  round,
  startPlatformProcess,
  stopProcess,
} from './bench-kit';
import type { FigureGroup } from './figure';
import { naiveQuery } from './audit-naive';

const EVENTS = 1_000_000;
const REPEATS = 5;
const NAIVE_REPEATS = 2;

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

/** Hundredths: queries take a few milliseconds. */
const round2 = (ms: number): number => round(ms, 2);

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
      const server = await startPlatformProcess(path.join(folder, 'platform'), {
        users: 1000,
        audit: EVENTS,
      });
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
        await call(services, 'environments.save', benchEnvironment(server.url));
        // End to end: sign-in starts the copy; syncNow joins it and answers when it has caught up.
        const started = performance.now();
        const consoleCpu = process.cpuUsage();
        const serverCpu = processCpuSeconds(server.child.pid);
        await call(services, 'session.signIn', {
          environmentId: BENCH_ENV,
          username: 'admin',
          password: server.password,
        });
        const status = await call<AuditStatus>(services, 'audit.syncNow', { environmentId: BENCH_ENV });
        const syncSeconds = (performance.now() - started) / 1000;
        // Where the 2 cores went: the server's process, and the console's (main and write threads).
        const consoleUsed = process.cpuUsage(consoleCpu);
        const serverUsed = processCpuSeconds(server.child.pid);
        // A full re-check queues behind the index merge that follows a copy: when it answers, the
        // index is tidy for the queries below. Its time is the merge's and the re-check's together.
        const verifyStarted = performance.now();
        await call(services, 'audit.verify', { environmentId: BENCH_ENV });
        const verifySeconds = (performance.now() - verifyStarted) / 1000;
        if (selected('audit.sync.events_per_s')) {
          emit('audit.sync.events_per_s', {
            value: Math.round(status.eventsHeld / syncSeconds),
            unit: 'events/s',
            events: status.eventsHeld,
            seconds: round2(syncSeconds),
            chain: status.chain.status,
            merge_and_verify_seconds: round2(verifySeconds),
            console_cpu_s: round2((consoleUsed.user + consoleUsed.system) / 1e6),
            server_cpu_s: serverCpu === null || serverUsed === null ? null : round2(serverUsed - serverCpu),
            target: '>= 50000',
            note: 'sign-in to caught up: cursor API over loopback (server in its own process), zod, SHA-256 chain, SQLite + FTS5',
            ...machine,
          });
        }

        const file = path.join(dataFolder, 'cache', `${BENCH_ENV}.sqlite`);
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

        const sample = (id: number) =>
          call<AuditRow>(services, 'audit.event', { environmentId: BENCH_ENV, id });
        const [u1, u2] = [
          (await sample(500_000)).username ?? 'admin',
          (await sample(750_000)).username ?? 'alice',
        ];
        const queries = querySet(Date.parse(status.newestTimestamp ?? ''), u1, u2);
        const ours: number[] = [];
        const perQuery: Record<string, number> = {};
        for (const q of queries) {
          const input = {
            environmentId: BENCH_ENV,
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
          perQuery[q.name] = round2(percentile(times, 50));
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
            naivePerQuery[q.name] = round2(percentile(times, 50));
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
            value: round2(percentile(ours, 50)),
            unit: 'ms',
            ...facts,
            per_query_p50: perQuery,
          });
        if (selected('audit.query.p95_ms'))
          emit('audit.query.p95_ms', { value: round2(p95), unit: 'ms', target: '<= 50', ...facts });
        if (selected('audit.query.naive_p95_ms'))
          emit('audit.query.naive_p95_ms', {
            value: round2(naiveP95),
            unit: 'ms',
            note: "LIKE '%word%' over the text columns, plain column filters, ORDER BY time LIMIT/OFFSET, count(*) over the same WHERE",
            samples: naive.length,
            per_query_p50: naivePerQuery,
          });
        if (selected('audit.query.speedup'))
          emit('audit.query.speedup', {
            value: round(naiveP95 / p95),
            unit: 'x',
            ours_p95_ms: round2(p95),
            naive_p95_ms: round2(naiveP95),
          });
      } finally {
        await services.dispose();
        await stopProcess(server.child);
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
