/** Thrown by a start step that finished after a stop was asked for (Ctrl-C during start-up). */
export class StartCancelled extends Error {
  override readonly name = 'StartCancelled';
}

export interface StopReport {
  /** False when something failed to stop in time. */
  ok: boolean;
  /** How many things there were to stop. */
  stopped: number;
}

interface Item {
  name: string;
  stop(): Promise<void>;
}

/**
 * What the demo has started, stopped newest first: started platforms → monitoring → console →
 * load, so Ctrl-C stops load, console, monitoring, then the platforms. A step still starting when
 * the stop begins is waited for and stopped too, so nothing outlives the script.
 */
export class Started {
  readonly #items: Item[] = [];
  #pending: Promise<void> = Promise.resolve();
  #stopping: Promise<StopReport> | null = null;

  /** Runs `begin`, and remembers how to stop what it answers. */
  async start<T>(name: string, begin: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
    if (this.#stopping !== null) throw new StartCancelled(`not starting ${name}: the demo is stopping`);
    const step = (async () => {
      const value = await begin().catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`could not start the ${name}: ${reason}`, { cause: error });
      });
      this.#items.push({ name, stop: () => stop(value) });
      return value;
    })();
    this.#pending = step.then(
      () => undefined,
      () => undefined,
    );
    const value = await step.catch((error: unknown) => {
      // A step cut short by Ctrl-C is no failure to report.
      throw this.#stopping === null ? error : new StartCancelled(`${name} was interrupted`);
    });
    if (this.#stopping !== null) throw new StartCancelled(`${name} started while the demo was stopping`);
    return value;
  }

  /** Stops everything once (later calls share the first). */
  stopAll(say: (line: string) => void, timeoutMs = 15_000): Promise<StopReport> {
    this.#stopping ??= this.#stopEach(say, timeoutMs);
    return this.#stopping;
  }

  async #stopEach(say: (line: string) => void, timeoutMs: number): Promise<StopReport> {
    await this.#pending;
    let ok = true;
    const stopped = this.#items.length;
    for (let item = this.#items.pop(); item !== undefined; item = this.#items.pop()) {
      say(`  stopping ${item.name}`);
      try {
        await withTimeout(item.stop(), timeoutMs, `${item.name} did not stop within ${timeoutMs / 1000} s`);
      } catch (error) {
        ok = false;
        say(`  could not stop ${item.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { ok, stopped };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
