import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type LoginOutcome = 'success' | 'failure' | 'locked';

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
