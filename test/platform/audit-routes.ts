import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from './auth-guard';
import type { PlatformContext } from './context';
import { parseQuery, queryInt } from './validation';

/** A zoneless time is UTC (platform-api.md §0); the answer is the canonical `...Z` form. */
const sinceField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return null;
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'Input should be an ISO 8601 date-time' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const pageQuery = z.object({
  after_id: queryInt(0, 0, Number.MAX_SAFE_INTEGER),
  limit: queryInt(1000, 1, 5000),
  since: sinceField,
});

/** §4: the cursor API. Oldest first; a saved `next_after_id` resumes exactly where a copy stopped. */
export function registerAuditRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/api/v1/audit-logs', async (request) => {
    await authorize(ctx, request, 'view_audit_logs');
    const query = parseQuery(pageQuery, request.query);
    return ctx.audit.page(query.after_id, query.limit, query.since);
  });
}
