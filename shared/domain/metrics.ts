import { z } from 'zod';

/** One point of a time series: unix milliseconds and a value (NaN is sent as null). */
export const metricPointSchema = z.tuple([z.number(), z.number().nullable()]);

/** A series ready to draw: main has already chosen the step and downsampled it. */
export const metricSeriesSchema = z.object({
  /** The series' labels, e.g. `{status: "5xx"}`. */
  labels: z.record(z.string(), z.string()),
  points: z.array(metricPointSchema),
  /** How many points the server returned before downsampling. */
  rawPointCount: z.number().int().min(0),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;
