import type { Environment } from '../../shared/domain/environment';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import type { ClientRegistry } from '../environments/client-registry';
import type { CallHandlers } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../session/session-manager';
import { AlertmanagerClient } from './alertmanager-client';
import { AlertsService } from './alerts-service';
import { HealthCache } from './health-cache';
import { OverviewService } from './overview-service';
import { PrometheusClient } from './prometheus-client';
import { RangeService } from './range-service';

export interface HealthServicesDeps {
  environments: { require(id: string): Environment; get(id: string): Environment | null };
  clients: Pick<ClientRegistry, 'apiClient' | 'monitoringClient'>;
  sessions: Pick<SessionManager, 'get'>;
  /** `<dataFolder>/cache`: the per-environment `<id>.health.sqlite` files live here. */
  cacheFolder: string;
  push<E extends PushEventName>(name: E, payload: PushEventPayload<E>): void;
  log: Logger;
  now?: () => number;
}

export interface HealthServices {
  overview: OverviewService;
  range: RangeService;
  alerts: AlertsService;
  cache: HealthCache;
  /** Closes an environment's cache file before the environment's files are removed. */
  release(environmentId: string): void;
  close(): void;
}

/** The health feature's services, sharing one cache and the environment's monitoring clients. */
export function createHealthServices(deps: HealthServicesDeps): HealthServices {
  const now = deps.now ?? Date.now;
  const cache = new HealthCache(deps.cacheFolder, (id) => deps.environments.get(id) !== null, now);
  const prometheus = async (environment: Environment) => {
    const http = await deps.clients.monitoringClient(environment, 'prometheus');
    return http === null ? null : new PrometheusClient(http);
  };
  const alertmanager = async (environment: Environment) => {
    const http = await deps.clients.monitoringClient(environment, 'alertmanager');
    return http === null ? null : new AlertmanagerClient(http);
  };
  const common = { environments: deps.environments, cache, log: deps.log, now };
  return {
    overview: new OverviewService({ ...common, prometheus, api: (e) => deps.clients.apiClient(e) }),
    range: new RangeService({ ...common, prometheus }),
    alerts: new AlertsService({
      ...common,
      prometheus,
      alertmanager,
      sessions: deps.sessions,
      changed: (environmentId) => deps.push('cache.invalidated', { environmentId, scope: 'health' }),
    }),
    cache,
    release: (environmentId) => cache.release(environmentId),
    close: () => cache.close(),
  };
}

type HealthCall =
  | 'health.overview'
  | 'health.range'
  | 'health.queryHistory'
  | 'health.alerts'
  | 'health.silence'
  | 'health.expireSilence';

/** The `health.*` calls of the IPC contract, for the composition root's handler map. */
export function healthHandlers(health: HealthServices): Pick<CallHandlers, HealthCall> {
  return {
    'health.overview': ({ environmentId }) => health.overview.overview(environmentId),
    'health.range': (input) => health.range.range(input),
    'health.queryHistory': ({ environmentId }) => health.range.history(environmentId),
    'health.alerts': ({ environmentId }) => health.alerts.alerts(environmentId),
    'health.silence': (input) => health.alerts.silence(input),
    'health.expireSilence': ({ environmentId, silenceId }) =>
      health.alerts.expireSilence(environmentId, silenceId),
  };
}
