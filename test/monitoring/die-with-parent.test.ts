import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRunning, refusesConnections, waitUntilGone } from './fixtures/helpers';
import { startMonitoring } from './index';
import type { RunningMonitoring } from './index';

const HOLDER = fileURLToPath(new URL('./fixtures/hold-monitoring.ts', import.meta.url));

type Description = Omit<RunningMonitoring, 'stop'>;

/** Starts the fixture in its own process and resolves with the JSON line it prints once ready. */
function startHolder(): Promise<{ pid: number; description: Description; kill: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`holder printed nothing within 30 s; stderr:\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid ?? -1,
        description: JSON.parse(stdout.slice(0, newline)) as Description,
        kill: () => child.kill('SIGKILL'),
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`holder exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
}

describe('monitoring dies with the process that started it', () => {
  it('stops every server and removes the temp folder when its owner is killed with SIGKILL', async () => {
    const holder = await startHolder();
    const { processes, prometheusUrl, alertmanagerUrl, nodeExporterUrl, dataDir } = holder.description;
    const pids = processes.map((process) => process.pid);
    expect(processes.map((process) => process.name).sort()).toEqual(
      ['alertmanager', 'node-exporter', 'prometheus', 'reaper'].sort(),
    );
    expect(pids.every(isRunning)).toBe(true);
    expect((await fetch(`${prometheusUrl}/-/ready`)).status).toBe(200);
    expect(existsSync(dataDir)).toBe(true);

    // SIGKILL: the owner runs no exit handler, so only the reaper can clean up.
    holder.kill();

    await waitUntilGone(pids, 15_000);
    for (const url of [prometheusUrl, alertmanagerUrl, nodeExporterUrl]) {
      expect(await refusesConnections(`${url}/metrics`)).toBe(true);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('stops the servers when the reaper itself is killed with SIGKILL', async () => {
    const monitoring = await startMonitoring({ components: ['node-exporter'] });
    const reaper = monitoring.processes.find((process) => process.name === 'reaper');
    const exporter = monitoring.processes.find((process) => process.name === 'node-exporter');
    if (reaper === undefined || exporter === undefined) throw new Error('processes not listed');
    expect(isRunning(exporter.pid)).toBe(true);

    process.kill(reaper.pid, 'SIGKILL');

    // The kernel's parent-death signal (setpriv --pdeathsig) is what stops it now.
    await waitUntilGone([exporter.pid], 10_000);
    expect(await refusesConnections(`${monitoring.nodeExporterUrl}/metrics`)).toBe(true);
    await expect(monitoring.stop()).rejects.toThrow(/reaper ended/);
    expect(existsSync(monitoring.dataDir)).toBe(false);
  });
});
