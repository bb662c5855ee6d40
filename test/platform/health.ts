import type { FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';
import { isoUtc, legacyTimestamp } from './clock';
import type { PlatformContext } from './context';

export const HEALTH_STATUSES = ['healthy', 'warning', 'unhealthy'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface ComponentHealth {
  status: HealthStatus;
  latency_ms?: number;
  message?: string;
}

export const CORE_COMPONENTS = ['api', 'database', 'cache', 'gateway', 'web'] as const;

/** Simulated parts of the deployment: this server has no Redis, Nginx or web app to ask. */
const SIMULATED: Record<string, ComponentHealth> = {
  cache: { status: 'healthy', latency_ms: 0.4, message: 'Redis (simulated)' },
  gateway: { status: 'healthy', latency_ms: 0.6, message: 'Nginx (simulated)' },
  web: { status: 'healthy', latency_ms: 1.2, message: 'Web app (simulated)' },
};

/** Component states forced by the test-control endpoint win over real checks and simulations. */
export class HealthState {
  private readonly overrides = new Map<string, ComponentHealth>();

  set(name: string, health: ComponentHealth | null): void {
    if (health === null) this.overrides.delete(name);
    else this.overrides.set(name, health);
  }

  clear(): void {
    this.overrides.clear();
  }

  components(ctx: PlatformContext): Record<string, ComponentHealth> {
    const started = performance.now();
    let database: ComponentHealth;
    try {
      ctx.db.prepare('SELECT count(*) FROM roles').get();
      database = { status: 'healthy', latency_ms: round(performance.now() - started), message: 'SQLite' };
    } catch (error) {
      database = { status: 'unhealthy', message: error instanceof Error ? error.message : 'query failed' };
    }
    const all: Record<string, ComponentHealth> = {
      api: { status: 'healthy', latency_ms: 0, message: 'Serving requests' },
      database,
      ...SIMULATED,
    };
    for (const [name, health] of this.overrides) all[name] = health;
    return all;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function overallStatus(components: Record<string, ComponentHealth>): HealthStatus {
  const statuses = Object.values(components).map((c) => c.status);
  if (statuses.includes('unhealthy')) return 'unhealthy';
  if (statuses.includes('warning')) return 'warning';
  return 'healthy';
}

/** The health pages: no token, and always HTTP 200, even when something is down. */
export function registerHealthRoutes(app: FastifyInstance, ctx: PlatformContext): void {
  app.get('/api/v1/health', () => {
    const now = ctx.clock.now();
    return {
      status: overallStatus(ctx.health.components(ctx)),
      service: 'openpolicy-api',
      version: ctx.legacy ? '4.0.0' : '4.1.0-reference',
      environment: ctx.legacy ? 'production' : 'reference',
      timestamp: ctx.legacy ? legacyTimestamp(isoUtc(now)) : isoUtc(now),
      uptime: Math.round((performance.now() - ctx.startedAt) / 10) / 100,
    };
  });

  app.get('/api/v1/health/comprehensive', () => {
    const components = ctx.health.components(ctx);
    const list = Object.values(components);
    return {
      status: overallStatus(components),
      components,
      summary: {
        total_components: list.length,
        healthy_components: list.filter((c) => c.status === 'healthy').length,
        warning_components: list.filter((c) => c.status === 'warning').length,
        unhealthy_components: list.filter((c) => c.status === 'unhealthy').length,
      },
      timestamp: ctx.legacy ? legacyTimestamp(ctx.clock.nowIso()) : ctx.clock.nowIso(),
    };
  });

  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await ctx.metrics.exposition();
    return reply.type(contentType).send(body);
  });
}
