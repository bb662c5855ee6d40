import type { Statement } from 'better-sqlite3';
import type { AuditFilter } from '../../shared/domain/audit-query';
import { OppError } from '../../shared/errors';
import type { AuditCache } from './audit-cache';
import type { AuditQueries } from './audit-query';
import { clampTs, keyRange } from './audit-order';
import { isoUtc } from './audit-time';

type Bucket = { b: number; n: number };
type TimeArgs = { start: number; end: number; width: number };

/**
 * Counts of the filtered events over time. The range is the filter's, or the copy's when the
 * filter leaves it open; buckets are equal slices of it. Counting happens in SQL (GROUP BY over
 * the time index or the FTS index), so only the bucket counts reach JavaScript.
 */
export class AuditHistogram {
  private readonly byTime: Statement<[TimeArgs], Bucket>;
  private readonly byText: Statement<[TimeArgs & { match: string; lo: number; hi: number }], Bucket>;

  constructor(
    private readonly cache: AuditCache,
    private readonly queries: AuditQueries,
  ) {
    this.byTime = cache.db.prepare(
      `SELECT CAST((ts - @start) / @width AS INTEGER) AS b, count(*) AS n FROM audit_events
       WHERE ts BETWEEN @start AND @end GROUP BY b`,
    );
    // The order key's high bits are the time (audit-order.ts): the FTS index alone answers.
    // (Parameters arrive as doubles, hence the casts to whole bucket numbers.)
    this.byText = cache.db.prepare(
      `SELECT CAST(((rowid >> 11) - @start) / @width AS INTEGER) AS b, count(*) AS n FROM audit_text
       WHERE audit_text MATCH @match AND rowid BETWEEN @lo AND @hi GROUP BY b`,
    );
  }

  compute(
    filter: AuditFilter,
    buckets: number,
  ): { bucketMs: number; buckets: { start: string; count: number }[] } {
    const plan = this.queries.plan(filter);
    const span = this.cache.span();
    const start = plan.fromMs === null ? span.oldest : clampTs(plan.fromMs);
    const end = plan.toMs === null ? span.newest : clampTs(plan.toMs);
    if (start === null || end === null || plan.empty || end < start) return { bucketMs: 0, buckets: [] };
    const width = Math.max(1, Math.ceil((end - start + 1) / buckets));
    const slots = Math.ceil((end - start + 1) / width);
    const counts = new Array<number>(slots).fill(0);
    const { lo, hi } = keyRange(start, end);
    let rows: Bucket[];
    try {
      rows =
        plan.match === null
          ? this.byTime.all({ start, end, width })
          : this.byText.all({ start, end, width, match: plan.match, lo, hi });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_ERROR')
        throw new OppError('VALIDATION', 'The search could not be run. Try other words.');
      throw error;
    }
    for (const row of rows) if (row.b >= 0 && row.b < slots) counts[row.b] = row.n;
    return {
      bucketMs: width,
      buckets: counts.map((count, index) => ({ start: isoUtc(start + index * width), count })),
    };
  }
}
