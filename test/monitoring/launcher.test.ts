import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, refusesConnections } from './fixtures/helpers';
import { startMonitoring } from './index';

describe('startMonitoring', () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('starts only the components asked for, in a data folder the caller keeps', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'opp-monitoring-kept-'));
    const monitoring = await startMonitoring({ components: ['node-exporter'], dataDir: scratch });
    // Typed as undefined: the compiler knows Prometheus was not asked for.
    const none: undefined = monitoring.prometheusUrl;
    expect(none).toBeUndefined();
    expect(monitoring.alertmanagerUrl).toBeUndefined();
    expect(monitoring.processes.map((process) => process.name).sort()).toEqual(['node-exporter', 'reaper']);
    const metrics = await fetch(`${monitoring.nodeExporterUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('node_cpu_seconds_total');

    await monitoring.stop();
    await monitoring.stop();
    expect(monitoring.processes.some((process) => isRunning(process.pid))).toBe(false);
    expect(await refusesConnections(`${monitoring.nodeExporterUrl}/metrics`)).toBe(true);
    // The caller's folder stays, with the server's log.
    expect(await readFile(join(monitoring.logsDir, 'node-exporter.log'), 'utf8')).toMatch(/Listening on/);
  });

  it('fails with the end of the server log when a server exits at start', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'opp-monitoring-failed-'));
    // promtool rejects Prometheus' flags and exits at once, as a server with a bad setup would.
    const outcome: unknown = await startMonitoring({
      components: ['prometheus'],
      dataDir: scratch,
      binaries: { prometheus: '/usr/bin/promtool' },
    }).then(
      async (running) => {
        await running.stop();
        return 'started';
      },
      (error: unknown) => error,
    );
    if (!(outcome instanceof Error))
      throw new Error(`startMonitoring should have failed, got ${String(outcome)}`);
    expect(outcome.message).toMatch(/prometheus \(\/usr\/bin\/promtool\) did not start: exited with code 1/);
    expect(outcome.message).toMatch(/end of .*prometheus\.log[\s\S]*unknown long flag/);
    expect(existsSync(join(scratch, 'config', 'prometheus.yml'))).toBe(true);
  });
});
