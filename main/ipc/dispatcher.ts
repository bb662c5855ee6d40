import type { z } from 'zod';
import { OppError, type ErrorPayload } from '../../shared/errors';
import {
  ipcContract,
  isCallName,
  type CallName,
  type CallOutput,
  type ParsedCallInput,
} from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import type { Logger } from '../log/logger';

/** Who made a call, for log lines: the IPC adapter or the harness fills it in. */
export interface CallContext {
  transport: 'ipc' | 'http';
}

/** One handler per contract call; the type makes a missing or misspelt handler a compile error. */
export type CallHandlers = {
  [N in CallName]: (
    input: ParsedCallInput<N>,
    context: CallContext,
  ) => Promise<CallOutput<N>> | CallOutput<N>;
};

export interface Dispatcher {
  /** Never throws: every outcome, including a bug in a handler, becomes an envelope. */
  dispatch(name: unknown, input: unknown, context: CallContext): Promise<Envelope<unknown>>;
}

const INTERNAL_MESSAGE =
  'Something went wrong inside the console. The details are in the log (Help → Open log folder).';

/** Field problems as `{path, message}`, and one sentence naming the first. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ErrorPayload {
  const list = issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = list[0];
  const where = first !== undefined && first.path !== '' ? `${first.path}: ` : '';
  return {
    code: 'VALIDATION',
    message: `The request was not accepted. ${where}${first?.message ?? 'Invalid input.'}`,
    details: { issues: list },
  };
}

/**
 * Validates each call's input against the contract (the renderer is untrusted), runs its
 * handler, validates the answer, and wraps the outcome in an envelope. It knows nothing of
 * Electron or HTTP, so the IPC adapter and the test harness share it.
 */
export function createDispatcher(handlers: CallHandlers, log: Logger): Dispatcher {
  return {
    async dispatch(name, input, context) {
      if (!isCallName(name)) {
        log.warn('ipc: unknown call rejected', {
          call: String(name).slice(0, 100),
          transport: context.transport,
        });
        return {
          ok: false,
          error: { code: 'VALIDATION', message: 'The console does not know this request.' },
        };
      }
      const spec = ipcContract[name];
      const parsedInput = spec.input.safeParse(input);
      if (!parsedInput.success) {
        log.warn('ipc: invalid input rejected', { call: name, issues: parsedInput.error.issues.length });
        return { ok: false, error: describeIssues(parsedInput.error.issues) };
      }
      let result: unknown;
      try {
        const handler = handlers[name] as (input: unknown, context: CallContext) => unknown;
        result = await handler(parsedInput.data, context);
      } catch (error) {
        if (error instanceof OppError) {
          if (error.code === 'INTERNAL') log.error('ipc: handler failed', { call: name, error });
          return { ok: false, error: error.toPayload() };
        }
        log.error('ipc: handler threw', { call: name, error });
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      const parsedOutput = spec.output.safeParse(result);
      if (!parsedOutput.success) {
        // A handler answered something the contract does not allow: a bug in main, or an
        // upstream answer that slipped past its own check. Never send it on.
        log.error('ipc: answer does not match the contract', {
          call: name,
          issues: parsedOutput.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      return { ok: true, data: parsedOutput.data };
    },
  };
}
