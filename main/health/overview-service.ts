import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import { healthOverviewSchema, type HealthOverview } from '../../shared/domain/health';
import type { Logger } from '../log/logger';
import type { HealthCache } from './health-cache';
import { cleanWords, isOfflineError } from './monitoring-errors';
import type { PromTarget } from './monitoring-schemas';
import { CORE_COMPONENTS, fetchCoreHealth, type CoreHealth } from './platform-health';
import type { HttpPort, PrometheusClient } from './prometheus-client';
import { summaryText, type MonitoringSummary } from './summary';

type Target = HealthOverview['monitoring']['targets'][number];

export interface OverviewServiceDeps {
  environments: { require(id: string): Environment };
  /** The platform API client (the health pages need no session). */
  api(environment: Environment): HttpPort;
  prometheus(environment: Environment): Promise<PrometheusClient | null>;
  cache: HealthCache;
  log: Logger;
  now?: () => number;
}

/** Go's zero time: Prometheus' lastScrape for a target never scraped. */
const NEVER = /^0001-01-01/;

function targetKey(job: string, instance: string): string {
  return JSON.stringify([job, instance]);
}

function toIso(text: string | undefined): string | null {
  if (text === undefined || text === '' || NEVER.test(text)) return null;
  // Go writes nanoseconds; Date reads milliseconds.
  const at = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

function toHealth(value: string): Target['health'] {
  return value === 'up' || value === 'down' ? value : 'unknown';
}

/**
 * The platform at a glance: its core components (comprehensive health) and Prometheus' targets,
 * each with when this console last saw it healthy or up. Either half may be missing, and the
 * overview says why; when neither can be reached it answers the last overview, "as of" then.
 */
export class OverviewService {
  private readonly now: () => number;

  constructor(private readonly deps: OverviewServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async overview(environmentId: string): Promise<HealthOverview> {
    const environment = this.deps.environments.require(environmentId);
    const now = this.now();
    const asOf = new Date(now).toISOString();
    const prometheus = await this.deps.prometheus(environment);
    const [core, targets] = await Promise.allSettled([
      fetchCoreHealth(this.deps.api(environment), now),
      prometheus === null ? Promise.resolve(null) : prometheus.targets(),
    ]);
    for (const part of [core, targets]) {
      // A bug, not a server's answer: let the dispatcher log it.
      if (part.status === 'rejected' && !(part.reason instanceof OppError)) throw part.reason;
    }
    const failures = [core, targets].flatMap((part) =>
      part.status === 'rejected' ? [part.reason as unknown] : [],
    );
    const configured = prometheus === null ? 1 : 2;
    if (failures.length === configured && failures.every(isOfflineError)) {
      const cached = this.deps.cache.snapshot(environment.id, 'overview', healthOverviewSchema);
      if (cached === null) throw failures[0] as OppError;
      this.deps.log.info('health: overview answered from the offline copy', { env: environment.id });
      return { ...cached, fromCache: true };
    }

    const overview: HealthOverview = {
      asOf,
      fromCache: false,
      platform: this.platformPart(environment.id, core, asOf),
      monitoring: { targets: [], problem: null },
      summary: '',
    };
    let monitoringSummary: MonitoringSummary;
    if (prometheus === null) {
      overview.monitoring.problem = 'No Prometheus is configured for this environment.';
      monitoringSummary = { state: 'not_configured' };
    } else if (targets.status === 'rejected') {
      overview.monitoring = {
        targets: this.rememberedTargets(environment.id),
        problem: errorWords(targets.reason),
      };
      monitoringSummary = { state: 'unreachable' };
    } else {
      overview.monitoring.targets = this.targetsPart(environment.id, targets.value ?? [], asOf);
      monitoringSummary = {
        state: 'targets',
        up: overview.monitoring.targets.filter((target) => target.health === 'up').length,
        total: overview.monitoring.targets.length,
      };
    }
    overview.summary = summaryText(
      core.status === 'fulfilled' ? core.value.summary : { state: 'unreachable' },
      monitoringSummary,
    );
    this.deps.cache.saveSnapshot(environment.id, 'overview', asOf, overview);
    return overview;
  }

  private platformPart(
    environmentId: string,
    core: PromiseSettledResult<CoreHealth>,
    asOf: string,
  ): HealthOverview['platform'] {
    if (core.status === 'fulfilled') {
      const healthy = core.value.components.filter((component) => component.status === 'healthy');
      this.deps.cache.markSeen(
        environmentId,
        'component',
        healthy.map((component) => ({ name: component.name, at: asOf })),
      );
    }
    const lastHealthy = this.deps.cache.lastSeen(environmentId, 'component');
    if (core.status === 'fulfilled') {
      return {
        status: core.value.status,
        components: core.value.components.map((component) => ({
          ...component,
          lastHealthyAt: lastHealthy.get(component.name) ?? null,
        })),
        problem: core.value.problem,
      };
    }
    // Unreachable: the components this console knows, state unknown, with when each was last healthy.
    const names = [...new Set([...CORE_COMPONENTS, ...[...lastHealthy.keys()].sort()])];
    return {
      status: 'unknown',
      components: names.map((name) => ({
        name,
        status: 'unknown',
        latencyMs: null,
        message: null,
        lastHealthyAt: lastHealthy.get(name) ?? null,
      })),
      problem: errorWords(core.reason),
    };
  }

  private targetsPart(environmentId: string, raw: PromTarget[], asOf: string): Target[] {
    const targets = raw.map((target) => ({
      job: target.labels['job'] ?? target.scrapePool ?? '',
      instance: target.labels['instance'] ?? target.scrapeUrl ?? '',
      health: toHealth(target.health),
      lastScrape: toIso(target.lastScrape),
      lastError:
        target.lastError === undefined || target.lastError === '' ? null : cleanWords(target.lastError),
    }));
    this.deps.cache.markSeen(
      environmentId,
      'target',
      targets
        .filter((target) => target.health === 'up')
        .map((target) => ({ name: targetKey(target.job, target.instance), at: target.lastScrape ?? asOf })),
    );
    const lastUp = this.deps.cache.lastSeen(environmentId, 'target');
    return targets
      .map((target) => ({ ...target, lastUpAt: lastUp.get(targetKey(target.job, target.instance)) ?? null }))
      .sort((a, b) => a.job.localeCompare(b.job) || a.instance.localeCompare(b.instance));
  }

  /** With Prometheus unreachable: the targets this console has seen up, state unknown. */
  private rememberedTargets(environmentId: string): Target[] {
    return [...this.deps.cache.lastSeen(environmentId, 'target')]
      .flatMap(([key, at]) => {
        const parsed: unknown = JSON.parse(key);
        if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string')
          return [];
        return [
          {
            job: parsed[0],
            instance: parsed[1],
            health: 'unknown' as const,
            lastScrape: null,
            lastError: null,
            lastUpAt: at,
          },
        ];
      })
      .sort((a, b) => a.job.localeCompare(b.job) || a.instance.localeCompare(b.instance));
  }
}

function errorWords(error: unknown): string {
  return error instanceof Error ? error.message : 'It could not be reached.';
}
