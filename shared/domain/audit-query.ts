import { z } from 'zod';
import { auditEventSchema } from './audit';
import { environmentIdSchema } from './environment';

const isoTime = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 time.' });

/** A filter over the local audit copy. Every field narrows; an empty filter is "everything". */
export const auditFilterSchema = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    usernames: z.array(z.string().min(1).max(100)).max(50).optional(),
    actions: z.array(z.string().min(1).max(64)).max(50).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    resource: z.string().min(1).max(200).optional(),
    /** An IP address prefix: "10.2." or "2001:db8:". */
    ipPrefix: z.string().min(1).max(64).optional(),
    /** Free text over username, action, resource, IP, user agent and details (full-text search). */
    text: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Where a keyset window starts: the last row of the previous window. Never an offset. */
export const auditCursorSchema = z.object({ timestamp: z.string(), id: z.number().int() }).strict();

export const auditQueryInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    filter: auditFilterSchema,
    order: z.enum(['newest', 'oldest']),
    after: auditCursorSchema.nullable(),
    limit: z.number().int().min(1).max(1000),
  })
  .strict();

/** Chain status of one event in the copy. */
export const CHAIN_MARKS = ['verified', 'broken', 'unverified', 'unchained'] as const;

export const auditRowSchema = auditEventSchema.extend({ chain: z.enum(CHAIN_MARKS) });
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditWindowSchema = z.object({
  rows: z.array(auditRowSchema),
  /** The cursor for the next window, or null at the end. */
  next: auditCursorSchema.nullable(),
  /** How many events match the filter (computed for the first window only; null after). */
  total: z.number().int().nullable(),
});
export type AuditWindow = z.infer<typeof auditWindowSchema>;

export const auditHistogramInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    filter: auditFilterSchema,
    buckets: z.number().int().min(1).max(500),
  })
  .strict();
export const auditHistogramSchema = z.object({
  /** Bucket width in ms; buckets cover the filter's range (or the copy's, when open). */
  bucketMs: z.number(),
  buckets: z.array(z.object({ start: z.string(), count: z.number().int() })),
});

export const chainBreakSchema = z.object({
  id: z.number().int(),
  timestamp: z.string(),
  reason: z.string(),
});

export const auditStatusSchema = z.object({
  environmentId: environmentIdSchema,
  /** Whether a copy exists on this computer, and how it is fetched. */
  mode: z.enum(['cursor', 'legacy']).nullable(),
  state: z.enum(['never', 'idle', 'syncing', 'backing_off', 'error']),
  eventsHeld: z.number().int(),
  oldestTimestamp: z.string().nullable(),
  newestTimestamp: z.string().nullable(),
  /** When the copy last caught up with the server. */
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Days kept, or null for everything. */
  horizonDays: z.number().int().nullable(),
  chain: z.object({
    status: z.enum(['verified', 'broken', 'unchained', 'unverified']),
    /** The last event id whose hash was checked in an unbroken run from the first. */
    verifiedThroughId: z.number().int().nullable(),
    headHash: z.string().nullable(),
    breaks: z.array(chainBreakSchema),
  }),
});
export type AuditStatus = z.infer<typeof auditStatusSchema>;

export const savedAuditQuerySchema = z.object({
  name: z.string().trim().min(1).max(80),
  filter: auditFilterSchema,
  savedAt: z.string(),
});

export const auditExportInputSchema = z
  .object({ environmentId: environmentIdSchema, filter: auditFilterSchema, format: z.enum(['csv', 'json']) })
  .strict();
export const auditExportReportSchema = z.object({
  /** null when the administrator cancelled the dialog. */
  file: z.string().nullable(),
  manifestFile: z.string().nullable(),
  count: z.number().int(),
  sha256: z.string().nullable(),
});
