import { z } from 'zod';
import { environmentIdSchema } from './environment';
import { metricSeriesSchema } from './metrics';

/** Every health answer says when its data was fetched, and whether it comes from the offline cache. */
const freshness = {
  asOf: z.string(),
  fromCache: z.boolean(),
};

const componentSchema = z.object({
  name: z.string(),
  status: z.enum(['healthy', 'warning', 'unhealthy', 'unknown']),
  latencyMs: z.number().nullable(),
  message: z.string().nullable(),
  /** When this component was last seen healthy by this console; null if never. */
  lastHealthyAt: z.string().nullable(),
});

const targetSchema = z.object({
  job: z.string(),
  instance: z.string(),
  health: z.enum(['up', 'down', 'unknown']),
  lastScrape: z.string().nullable(),
  lastError: z.string().nullable(),
  lastUpAt: z.string().nullable(),
});

/** The platform as it reports itself: "core 5/5 healthy, monitoring 4/4 up". */
export const healthOverviewSchema = z.object({
  ...freshness,
  platform: z.object({
    status: z.enum(['healthy', 'warning', 'unhealthy', 'unknown']),
    components: z.array(componentSchema),
    /** Why the components are missing (no comprehensive health, unreachable), or null. */
    problem: z.string().nullable(),
  }),
  monitoring: z.object({
    targets: z.array(targetSchema),
    /** Why the targets are missing (no Prometheus configured, unreachable), or null. */
    problem: z.string().nullable(),
  }),
  summary: z.string(),
});
export type HealthOverview = z.infer<typeof healthOverviewSchema>;

export const rangeInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    /** A panel of HEALTH_PANELS, or an ad hoc PromQL query (the explorer). */
    source: z.union([
      z.object({ panel: z.string().min(1).max(64) }).strict(),
      z.object({ promql: z.string().min(1).max(4000) }).strict(),
    ]),
    /** Unix ms. */
    start: z.number().int(),
    end: z.number().int(),
    /** The chart's plot width in pixels: no series sent back has more points than this. */
    widthPx: z.number().int().min(10).max(8000),
  })
  .strict()
  .refine((input) => input.end > input.start, {
    message: 'The end must come after the start.',
    path: ['end'],
  })
  .refine((input) => input.end - input.start <= 400 * 24 * 3600 * 1000, {
    message: 'Choose a range of at most 400 days.',
    path: ['start'],
  });

/** One query's result: its series, or why there are none (named on the chart). */
export const queryResultSchema = z.object({
  legend: z.string(),
  promql: z.string(),
  series: z.array(metricSeriesSchema),
  /** Why this query drew nothing: the server's error, or "no data". null when it has series. */
  problem: z.string().nullable(),
});

export const rangeResultSchema = z.object({
  ...freshness,
  /** The Prometheus step chosen, in seconds. */
  stepSeconds: z.number(),
  results: z.array(queryResultSchema),
});
export type RangeResult = z.infer<typeof rangeResultSchema>;

export const alertSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  severity: z.string(),
  state: z.enum(['firing', 'pending', 'suppressed']),
  labels: z.record(z.string(), z.string()),
  summary: z.string().nullable(),
  description: z.string().nullable(),
  startsAt: z.string(),
  silencedBy: z.array(z.string()),
});
export const ruleSchema = z.object({
  name: z.string(),
  group: z.string(),
  state: z.enum(['firing', 'pending', 'inactive']),
  health: z.string(),
  query: z.string(),
  lastError: z.string().nullable(),
});
export const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(
    z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  state: z.enum(['active', 'pending', 'expired']),
});
export const alertsSchema = z.object({
  ...freshness,
  /** Where the alerts came from: AlertManager, or Prometheus when none is configured. */
  source: z.enum(['alertmanager', 'prometheus']).nullable(),
  alerts: z.array(alertSchema),
  rules: z.array(ruleSchema),
  silences: z.array(silenceSchema),
  problem: z.string().nullable(),
});
export type Alerts = z.infer<typeof alertsSchema>;

export const silenceInputSchema = z
  .object({
    environmentId: environmentIdSchema,
    /** Silences exactly this alert's labels. */
    matchers: z
      .array(
        z
          .object({ name: z.string().min(1).max(100), value: z.string().max(1000), isRegex: z.boolean() })
          .strict(),
      )
      .min(1)
      .max(30),
    durationMinutes: z
      .number()
      .int()
      .min(1, 'Silence for at least a minute.')
      .max(60 * 24 * 14, 'Silence for at most 14 days.'),
    comment: z.string().trim().min(1, 'Say why: the comment is shown to everyone on call.').max(1000),
  })
  .strict();
