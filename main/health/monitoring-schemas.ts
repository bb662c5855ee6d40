import { z } from 'zod';

/**
 * What Prometheus (HTTP API v1) and AlertManager (API v2) answer, as far as the console reads
 * it. Objects are not strict: newer servers add fields, and those must not break the console.
 */
const labels = z.record(z.string(), z.string());

/** Every Prometheus v1 answer: `{status, data}` or `{status: "error", errorType, error}`. */
export const promSuccessSchema = z.object({
  status: z.literal('success'),
  data: z.unknown(),
  warnings: z.array(z.string()).optional(),
});
export const promErrorSchema = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

/** A sample: [unix seconds, value as a string ("1.5", "NaN", "+Inf")]. */
export const promSampleSchema = z.tuple([z.number(), z.string()]);

/**
 * A matrix's samples, checked by a plain loop: a week of 15 s samples is 40,000 tuples a series,
 * and a schema per tuple costs more than parsing the JSON (measured by bench/health.bench.ts).
 */
function isSampleList(value: unknown): value is [number, string][] {
  if (!Array.isArray(value)) return false;
  for (const sample of value as unknown[]) {
    if (
      !Array.isArray(sample) ||
      sample.length !== 2 ||
      typeof sample[0] !== 'number' ||
      typeof sample[1] !== 'string'
    ) {
      return false;
    }
  }
  return true;
}

export const promMatrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(
    z.object({
      metric: labels,
      // Absent for native histogram series, which these charts do not draw.
      values: z.custom<[number, string][]>(isSampleList, 'Expected [seconds, "value"] samples.').optional(),
    }),
  ),
});
export type PromMatrix = z.infer<typeof promMatrixSchema>;

export const promInstantSchema = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labels, value: promSampleSchema.optional() })),
  }),
  z.object({ resultType: z.literal('scalar'), result: promSampleSchema }),
  z.object({ resultType: z.literal('string'), result: promSampleSchema }),
  promMatrixSchema,
]);
export type PromInstant = z.infer<typeof promInstantSchema>;

export const promTargetsSchema = z.object({
  activeTargets: z.array(
    z.object({
      labels,
      scrapePool: z.string().optional(),
      scrapeUrl: z.string().optional(),
      health: z.string(),
      lastScrape: z.string().optional(),
      lastError: z.string().optional(),
    }),
  ),
});
export type PromTarget = z.infer<typeof promTargetsSchema>['activeTargets'][number];

export const promRulesSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      file: z.string().optional(),
      rules: z.array(
        z.object({
          type: z.string(),
          name: z.string(),
          query: z.string(),
          health: z.string(),
          lastError: z.string().optional(),
          // Only alerting rules have a state.
          state: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type PromRuleGroup = z.infer<typeof promRulesSchema>['groups'][number];

export const promAlertsSchema = z.object({
  alerts: z.array(
    z.object({
      labels,
      annotations: labels.optional(),
      state: z.string(),
      activeAt: z.string().optional(),
    }),
  ),
});
export type PromAlert = z.infer<typeof promAlertsSchema>['alerts'][number];

export const amAlertsSchema = z.array(
  z.object({
    fingerprint: z.string(),
    labels,
    annotations: labels.optional(),
    startsAt: z.string(),
    status: z.object({
      state: z.string(),
      silencedBy: z.array(z.string()).nullish(),
      inhibitedBy: z.array(z.string()).nullish(),
    }),
  }),
);
export type AmAlert = z.infer<typeof amAlertsSchema>[number];

export const amSilencesSchema = z.array(
  z.object({
    id: z.string(),
    status: z.object({ state: z.string() }),
    matchers: z.array(
      z.object({
        name: z.string(),
        value: z.string(),
        isRegex: z.boolean(),
        // Added in AlertManager 0.22; older servers only have equality matchers.
        isEqual: z.boolean().optional(),
      }),
    ),
    startsAt: z.string(),
    endsAt: z.string(),
    createdBy: z.string(),
    comment: z.string(),
  }),
);
export type AmSilence = z.infer<typeof amSilencesSchema>[number];

export const amSilenceCreatedSchema = z.object({ silenceID: z.string().min(1) });
