import { z } from 'zod';
import { ERROR_CODES, OppError, type ErrorPayload } from '../errors';

/**
 * What crosses the process boundary for every call. Errors travel as data because an IPC or
 * contextBridge rejection keeps only its message: the code and details would be lost.
 */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

const errorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const envelopeSchema = z.union([
  // `data` may be absent: a call that answers nothing sends `data: undefined`, and a transport
  // that serialises to JSON (the test harness) drops the key.
  z.object({ ok: z.literal(true), data: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: errorPayloadSchema }),
]);

/** Turns an envelope into its data, or throws the typed error it carries. */
export function unwrapEnvelope<T>(raw: unknown): T {
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new OppError('INTERNAL', 'The console received a malformed answer from its main process.');
  }
  if (parsed.data.ok) return parsed.data.data as T;
  const { code, message, details } = parsed.data.error;
  throw new OppError(code, message, details);
}
