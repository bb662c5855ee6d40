import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** What is awaited, for the timeout message; a function is read when the time is up. */
  description: string | (() => string);
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than undefined, or throws after `timeoutMs`
 * naming what never happened and the last error seen. A probe that throws is retried: servers
 * refuse connections while they start.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof FatalPollError) throw error.cause;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const what = typeof options.description === 'string' ? options.description : options.description();
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** Thrown from a probe to stop polling at once, e.g. when the awaited process has exited. */
export class FatalPollError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
