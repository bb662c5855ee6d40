/**
 * Reaper sidecar: owns the monitoring servers so that they die with the process that wanted
 * them, however that process ends (including SIGKILL, which runs no handler in it).
 *
 * The launcher starts this file with an IPC pipe and asks it to spawn the servers. When the
 * launcher dies the kernel closes its end of the pipe; the reaper sees 'disconnect', stops every
 * child (SIGTERM, then SIGKILL after a timeout), removes the launcher's temp folder and exits.
 * A poll of the parent pid backs that up. Children are started through
 * `setpriv --pdeathsig TERM`, so the kernel also stops them should the reaper itself be killed.
 *
 * Run directly by node (type stripping), so it imports nothing but node: modules and types.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import type { FromReaper, ReaperSettings, ToReaper } from './reaper-protocol';

const settings = JSON.parse(process.argv[2] ?? '{}') as ReaperSettings;
const children = new Map<string, ChildProcess>();
const originalParent = process.ppid;
let shuttingDown: Promise<void> | undefined;

function send(message: FromReaper): void {
  if (process.connected) process.send?.(message);
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function terminate(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), settings.killTimeoutMs);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stop(names: string[]): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      const child = children.get(name);
      if (child !== undefined) await terminate(child);
      children.delete(name);
    }),
  );
}

function startChild(message: Extract<ToReaper, { type: 'spawn' }>): void {
  if (children.has(message.name)) {
    send({ type: 'failed', id: message.id, message: `${message.name} is already running` });
    return;
  }
  // The log file takes both streams: a pipe would stall the child once nobody reads it.
  const log = openSync(message.logFile, 'a');
  const [command, args] =
    settings.setprivPath === undefined
      ? [message.command, message.args]
      : [settings.setprivPath, ['--pdeathsig', 'TERM', '--', message.command, ...message.args]];
  const child = spawn(command, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  child.once('error', (error) => send({ type: 'failed', id: message.id, message: error.message }));
  child.once('spawn', () => {
    children.set(message.name, child);
    send({ type: 'spawned', id: message.id, pid: child.pid ?? -1 });
  });
  child.once('exit', (code, signal) => {
    if (children.get(message.name) === child) children.delete(message.name);
    send({ type: 'exit', name: message.name, pid: child.pid ?? -1, code, signal });
  });
}

function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    await stop([...children.keys()]);
    if (settings.cleanupDir !== undefined) rmSync(settings.cleanupDir, { recursive: true, force: true });
  })();
  return shuttingDown;
}

async function shutdownAndExit(): Promise<void> {
  await shutdown();
  process.exit(0);
}

process.on('message', (raw) => {
  const message = raw as ToReaper;
  switch (message.type) {
    case 'spawn':
      if (shuttingDown === undefined) startChild(message);
      else send({ type: 'failed', id: message.id, message: 'reaper is shutting down' });
      break;
    case 'stop':
      void stop(message.names).then(() => send({ type: 'stopped', id: message.id }));
      break;
    case 'shutdown':
      // The launcher waits for this process to exit, which is the reply.
      void shutdownAndExit();
      break;
  }
});
process.on('disconnect', () => void shutdownAndExit());
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
  process.on(signal, () => void shutdownAndExit());
// Backup for the pipe: once the parent is gone we are re-parented and ppid changes.
setInterval(() => {
  if (process.ppid !== originalParent) void shutdownAndExit();
}, 500);
