import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromReaper, ReaperSettings, ToReaper } from './reaper-protocol';

export interface ChildExit {
  name: string;
  pid: number;
  code: number | null;
  signal: string | null;
}

type Reply = Extract<FromReaper, { id: number }>;
type Request =
  Extract<ToReaper, { id: number }> extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

const REAPER_SCRIPT = fileURLToPath(new URL('./reaper.ts', import.meta.url));

/**
 * The launcher's side of the reaper sidecar (reaper.ts). Every server is spawned by the reaper,
 * never by this process, so no server can outlive both of them.
 *
 * The pipe is unref'd while no request is pending: a script that forgets stop() still exits, and
 * its exit is what tells the reaper to clean up.
 */
export class ReaperClient {
  readonly #process: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  readonly #exits = new Map<string, ChildExit>();
  readonly #exitListeners = new Set<(exit: ChildExit) => void>();
  readonly #gone: Promise<void>;
  #nextId = 1;

  private constructor(child: ChildProcess) {
    this.#process = child;
    this.#gone = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (raw) => this.#receive(raw as FromReaper));
    // Requests still waiting when the reaper dies would hang forever.
    child.once('exit', (code, signal) => {
      for (const [id, settle] of this.#pending) {
        settle({ type: 'failed', id, message: `reaper exited (code ${code}, signal ${signal})` });
      }
      this.#pending.clear();
    });
  }

  static async start(settings: ReaperSettings): Promise<ReaperClient> {
    const child = spawn(
      process.execPath,
      [
        '--experimental-strip-types',
        '--disable-warning=ExperimentalWarning',
        REAPER_SCRIPT,
        JSON.stringify(settings),
      ],
      // Its own process group: a Ctrl-C or group kill aimed at the tests must not take the
      // reaper down before it has stopped the servers.
      { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], detached: true },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const client = new ReaperClient(child);
    client.#updateRef();
    return client;
  }

  get pid(): number {
    return this.#process.pid ?? -1;
  }

  /** The last exit of the child called `name`, if it has exited since it was spawned. */
  exitOf(name: string): ChildExit | undefined {
    return this.#exits.get(name);
  }

  onExit(listener: (exit: ChildExit) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  async spawn(name: string, command: string, args: string[], logFile: string): Promise<number> {
    this.#exits.delete(name);
    const reply = await this.#request({ type: 'spawn', name, command, args, logFile });
    if (reply.type !== 'spawned') throw new Error(`Could not start ${name}: ${describe(reply)}`);
    return reply.pid;
  }

  /** Stops the named children (SIGTERM, then SIGKILL after the reaper's timeout). */
  async stop(names: string[]): Promise<void> {
    const reply = await this.#request({ type: 'stop', names });
    if (reply.type !== 'stopped') throw new Error(`Could not stop ${names.join(', ')}: ${describe(reply)}`);
  }

  /** Stops every child, lets the reaper clean up and waits for it to exit. */
  async shutdown(): Promise<void> {
    if (this.#process.exitCode === null && this.#process.signalCode === null && this.#process.connected) {
      this.#process.ref();
      this.#process.send({ type: 'shutdown' } satisfies ToReaper);
    }
    await this.#gone;
    if (this.#process.exitCode !== 0) {
      throw new Error(`reaper ended with code ${this.#process.exitCode}, signal ${this.#process.signalCode}`);
    }
  }

  #request(message: Request): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      if (!this.#process.connected) {
        resolve({ type: 'failed', id, message: 'reaper is not running' });
        return;
      }
      this.#pending.set(id, resolve);
      this.#updateRef();
      this.#process.send({ ...message, id });
    });
  }

  #receive(message: FromReaper): void {
    if (message.type === 'exit') {
      this.#exits.set(message.name, message);
      for (const listener of this.#exitListeners) listener(message);
      return;
    }
    const settle = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    this.#updateRef();
    settle?.(message);
  }

  #updateRef(): void {
    if (this.#pending.size > 0) {
      this.#process.ref();
      this.#process.channel?.ref();
    } else {
      this.#process.unref();
      this.#process.channel?.unref();
    }
  }
}

function describe(reply: Reply): string {
  return reply.type === 'failed' ? reply.message : `unexpected reply ${reply.type}`;
}
