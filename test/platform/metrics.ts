import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type LoginOutcome = 'success' | 'failure' | 'locked';

/**
 * `status` values each route starts with at zero. Prometheus' rate() counts only increases it has
 * scraped, so a series born on its first request hides that request (and a burst of them): the
 * first 500s on a route would never reach the error-ratio alert. These are the codes any route
 * can answer whatever its handler does: auth, permission, missing, validation, rate limit,
 * injected faults and bugs. Success codes depend on the method (SUCCESS_BY_METHOD).
 */
export const ZERO_ERROR_STATUSES = ['400', '401', '403', '404', '409', '422', '429', '500'] as const;

/** This API's success codes by method: 201 for creations, 204 for calls that answer nothing. */
const SUCCESS_BY_METHOD: Record<string, readonly string[]> = {
  GET: ['200'],
  POST: ['200', '201', '204'],
  PUT: ['200', '204'],
  PATCH: ['200'],
  DELETE: ['204'],
};

/** A Fastify route URL as a FastAPI-style template (`/users/:id` → `/users/{id}`), as the platform labels it. */
export function routeTemplate(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

/** Read when Prometheus scrapes, so the gauges are never stale. */
export interface MetricSources {
  userCounts(): { total: number; active: number; locked: number };
  activeSessions(): number;
  auditEvents(): number;
}

/**
 * One registry per instance (never prom-client's global one), so several servers can run in
 * one test process without "metric already registered" errors or mixed-up numbers.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'> | null = null;
  private readonly duration: Histogram<'method' | 'route'> | null = null;
  private readonly logins: Counter<'outcome'> | null = null;

  /** `full` false is the legacy platform: process series only. */
  constructor(full: boolean, sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    if (!full) return;
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.logins = new Counter({
      name: 'opp_login_attempts_total',
      help: 'Sign-in attempts by outcome (success, failure, locked)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['success', 'failure', 'locked'] as const) this.logins.inc({ outcome }, 0);
    new Gauge({
      name: 'opp_users',
      help: 'Users by state (active, inactive, locked)',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = sources.userCounts();
        this.set({ state: 'active' }, counts.active);
        this.set({ state: 'inactive' }, counts.total - counts.active);
        this.set({ state: 'locked' }, counts.locked);
      },
    });
    new Gauge({
      name: 'opp_sessions_active',
      help: 'Sign-in sessions that can still refresh',
      registers,
      collect() {
        this.set(sources.activeSessions());
      },
    });
    // A counter whose value is the log's length: the log only grows, so it behaves as one.
    new Counter({
      name: 'opp_audit_events_total',
      help: 'Events in the audit log',
      registers,
      collect() {
        this.reset();
        this.inc(sources.auditEvents());
      },
    });
  }

  /**
   * Creates every route's request series at zero as the route is registered (Fastify's onRoute
   * hook), so nothing lists routes by hand. Call before the routes are added. Control routes
   * (`/__test`) are never measured, and HEAD routes are Fastify's automatic twins of GET.
   */
  trackRoutes(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/__test')) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method !== 'HEAD') this.zeroRoute(method, routeTemplate(route.url));
      }
    });
  }

  private zeroRoute(method: string, route: string): void {
    if (this.requests === null || this.duration === null) return;
    for (const status of [...(SUCCESS_BY_METHOD[method] ?? ['200']), ...ZERO_ERROR_STATUSES]) {
      this.requests.inc({ method, route, status }, 0);
    }
    this.duration.zero({ method, route });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests?.inc({ method, route, status: String(status) });
    this.duration?.observe({ method, route }, seconds);
  }

  loginAttempt(outcome: LoginOutcome): void {
    this.logins?.inc({ outcome });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
