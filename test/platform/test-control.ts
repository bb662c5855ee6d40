import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PlatformContext } from './context';
import type { FaultInjector } from './fault-injector';
import { FaultSpecError } from './fault-spec';
import { HEALTH_STATUSES } from './health';
import { HttpError } from './http-error';
import type { RateLimiter } from './rate-limit';
import { parseBody } from './validation';

export const CONTROL_HEADER = 'x-test-control';

const faultsBody = z.object({ spec: z.string().max(2000) });
const componentBody = z.object({
  status: z.enum(HEALTH_STATUSES),
  latency_ms: z.number().min(0).optional(),
  message: z.string().max(500).optional(),
});
const tamperBody = z.object({ id: z.number().int().positive() });
const clockBody = z.object({ advance_ms: z.number().int().min(0) });
const rateLimitBody = z.object({ per_minute: z.number().int().positive().nullable() });

/**
 * Endpoints only the test suite uses. Without the per-run key they do not exist (404), so a
 * console pointed at this server cannot stumble on them.
 */
export function registerTestControl(
  app: FastifyInstance,
  ctx: PlatformContext,
  controlKey: string,
  faults: FaultInjector,
  rateLimiter: RateLimiter,
): void {
  const expected = Buffer.from(controlKey);
  const guard = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const given = request.headers[CONTROL_HEADER];
    const key = Buffer.from(typeof given === 'string' ? given : '');
    done(
      key.length !== expected.length || !timingSafeEqual(key, expected)
        ? new HttpError(404, 'Not Found')
        : undefined,
    );
  };

  app.register(
    (scope, _options, done) => {
      scope.addHook('onRequest', guard);

      scope.get('/faults', () => ({ spec: faults.describe() }));
      scope.post('/faults', (request) => {
        const { spec } = parseBody(faultsBody, request.body);
        try {
          faults.set(spec);
        } catch (error) {
          if (error instanceof FaultSpecError)
            throw new HttpError(400, error.message, { code: 'bad_fault_spec' });
          throw error;
        }
        return { spec: faults.describe() };
      });

      scope.put('/components/:name', (request) => {
        const { name } = request.params as { name: string };
        ctx.health.set(name, parseBody(componentBody, request.body));
        return { components: ctx.health.components(ctx) };
      });
      scope.delete('/components/:name', (request) => {
        const { name } = request.params as { name: string };
        ctx.health.set(name, null);
        return { components: ctx.health.components(ctx) };
      });

      scope.post('/tamper', (request) => {
        const { id } = parseBody(tamperBody, request.body);
        return { id, tampered: ctx.audit.tamper(id) };
      });

      scope.post('/clock', (request) => {
        ctx.clock.advance(parseBody(clockBody, request.body).advance_ms);
        return { now: ctx.clock.nowIso(), offset_ms: ctx.clock.offset };
      });

      scope.put('/rate-limit', (request) => {
        rateLimiter.setLimit(parseBody(rateLimitBody, request.body).per_minute);
        return { per_minute: rateLimiter.limit };
      });
      done();
    },
    { prefix: '/__test' },
  );
}
