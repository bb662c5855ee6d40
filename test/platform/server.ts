import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { registerAuditRoutes } from './audit-routes';
import { registerAuthRoutes } from './auth-routes';
import type { PlatformContext } from './context';
import { FaultInjector } from './fault-injector';
import { registerHealthRoutes } from './health';
import { HttpError } from './http-error';
import { registerLegacyRoutes } from './legacy-routes';
import { routeTemplate } from './metrics';
import { RateLimiter } from './rate-limit';
import { registerRoleRoutes } from './roles-routes';
import { registerTestControl } from './test-control';
import { registerUserRoutes } from './users-routes';

export interface BuiltServer {
  app: FastifyInstance;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
}

/** The route template with FastAPI-style `{param}`, so metrics never carry raw ids. */
function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  return url === undefined ? 'unmatched' : routeTemplate(url);
}

function isControl(request: FastifyRequest): boolean {
  return request.url.startsWith('/__test');
}

function jsonBodyError(legacy: boolean): HttpError {
  if (legacy) return new HttpError(400, 'Invalid JSON in request body', { legacyShape: true });
  return new HttpError(422, [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }]);
}

export function buildServer(
  ctx: PlatformContext,
  settings: { controlKey: string; rateLimitPerMinute: number | null },
): BuiltServer {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  const faults = new FaultInjector(ctx.legacy, (id) => ctx.audit.tamper(id));
  const rateLimiter = new RateLimiter(settings.rateLimitPerMinute, () => ctx.clock.now());
  const started = new WeakMap<FastifyRequest, number>();

  // Our own JSON parser: an empty body is "no body" (FastAPI's view), and a broken one gets
  // FastAPI's 422 shape (or the legacy middleware's 400) instead of Fastify's own error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const textBody = typeof body === 'string' ? body : body.toString('utf8');
    if (textBody.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(textBody) as unknown);
    } catch {
      done(jsonBodyError(ctx.legacy), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (isControl(request)) return;
    started.set(request, performance.now());
    const verdict = rateLimiter.take(request.ip);
    if (!verdict.ok) {
      const body = ctx.legacy
        ? { error: 'Rate limit exceeded' }
        : { detail: `Rate limit exceeded; retry in ${verdict.retryAfterSeconds} s`, code: 'rate_limited' };
      return reply.code(429).header('retry-after', String(verdict.retryAfterSeconds)).send(body);
    }
    const injected = await faults.beforeHandler(request, reply);
    if (injected !== null) return reply.code(injected.status).headers(injected.headers).send(injected.body);
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => faults.onSend(request, reply, payload));

  app.addHook('onResponse', async (request, reply) => {
    const t0 = started.get(request);
    if (t0 === undefined) return;
    ctx.metrics.observeRequest(
      request.method,
      routeLabel(request),
      reply.statusCode,
      (performance.now() - t0) / 1000,
    );
  });

  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof HttpError) return reply.code(error.status).headers(error.headers).send(error.body());
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'Bad request';
      return reply.code(status).send(ctx.legacy && status === 400 ? { error: message } : { detail: message });
    }
    // A real bug: say so on stderr, where a failing test run shows it.
    process.stderr.write(
      `[platform] unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });

  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not Found' }));

  // Before any route: each route's request series then exist at zero from start-up.
  ctx.metrics.trackRoutes(app);
  registerHealthRoutes(app, ctx);
  if (ctx.legacy) {
    registerLegacyRoutes(app, ctx);
  } else {
    registerAuthRoutes(app, ctx);
    registerUserRoutes(app, ctx);
    registerRoleRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
  }
  registerTestControl(app, ctx, settings.controlKey, faults, rateLimiter);
  return { app, faults, rateLimiter };
}
