import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { access } from '../../shared/access';
import { OppError } from '../../shared/errors';
import type { Environment } from '../../shared/domain/environment';
import { alertsSchema, type Alerts, type silenceInputSchema } from '../../shared/domain/health';
import type { Session } from '../../shared/domain/session';
import type { Logger } from '../log/logger';
import type { AlertmanagerClient } from './alertmanager-client';
import type { HealthCache } from './health-cache';
import { cleanWords, isOfflineError } from './monitoring-errors';
import type { AmAlert, AmSilence, PromAlert, PromRuleGroup } from './monitoring-schemas';
import type { PrometheusClient } from './prometheus-client';

type Alert = Alerts['alerts'][number];
type Silence = Alerts['silences'][number];
export type SilenceInput = z.output<typeof silenceInputSchema>;

/** Expired silences stay in AlertManager for days; the newest of them are enough to review. */
const MAX_EXPIRED_SILENCES = 50;
const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];

export interface AlertsServiceDeps {
  environments: { require(id: string): Environment };
  prometheus(environment: Environment): Promise<PrometheusClient | null>;
  alertmanager(environment: Environment): Promise<AlertmanagerClient | null>;
  sessions: { get(environmentId: string): Session | null };
  cache: HealthCache;
  /** Tells the renderer that an environment's alerts changed (a silence made or ended). */
  changed(environmentId: string): void;
  log: Logger;
  now?: () => number;
}

type Part<T> = { state: 'absent' } | { state: 'ok'; value: T } | { state: 'failed'; error: OppError };

async function part<T>(run: (() => Promise<T>) | null): Promise<Part<T>> {
  if (run === null) return { state: 'absent' };
  try {
    return { state: 'ok', value: await run() };
  } catch (error) {
    if (error instanceof OppError) return { state: 'failed', error };
    throw error;
  }
}

/**
 * Alerts from AlertManager (silenced and inhibited ones included, plus Prometheus' pending ones,
 * which AlertManager never sees), or from Prometheus alone where no AlertManager is configured;
 * the alerting rules with their state; the silences. Silencing needs the admin permission,
 * checked here too: the renderer's disabled button is a courtesy, not the guard.
 */
export class AlertsService {
  private readonly now: () => number;

  constructor(private readonly deps: AlertsServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async alerts(environmentId: string): Promise<Alerts> {
    const environment = this.deps.environments.require(environmentId);
    const asOf = new Date(this.now()).toISOString();
    const [prometheus, alertmanager] = await Promise.all([
      this.deps.prometheus(environment),
      this.deps.alertmanager(environment),
    ]);
    if (prometheus === null && alertmanager === null) {
      return {
        asOf,
        fromCache: false,
        source: null,
        alerts: [],
        rules: [],
        silences: [],
        problem: 'No AlertManager or Prometheus is configured for this environment.',
      };
    }
    const [amAlerts, amSilences, promAlerts, promRules] = await Promise.all([
      part(alertmanager && (() => alertmanager.alerts())),
      part(alertmanager && (() => alertmanager.silences())),
      part(prometheus && (() => prometheus.alerts())),
      part(prometheus && (() => prometheus.rules())),
    ]);
    const parts = [amAlerts, amSilences, promAlerts, promRules];
    const failed = parts.flatMap((p) => (p.state === 'failed' ? [p.error] : []));
    if (failed.length === parts.filter((p) => p.state !== 'absent').length && failed.every(isOfflineError)) {
      const cached = this.deps.cache.snapshot(environment.id, 'alerts', alertsSchema);
      if (cached === null) throw failed[0] as OppError;
      this.deps.log.info('health: alerts answered from the offline copy', { env: environment.id });
      return { ...cached, fromCache: true };
    }

    const problems: string[] = [];
    let source: Alerts['source'] = null;
    let alerts: Alert[] = [];
    if (amAlerts.state === 'ok') {
      source = 'alertmanager';
      const pending = promAlerts.state === 'ok' ? promAlerts.value.filter((a) => a.state === 'pending') : [];
      alerts = [...amAlerts.value.map(fromAlertmanager), ...pending.flatMap((a) => fromPrometheus(a, asOf))];
    } else if (promAlerts.state === 'ok') {
      source = 'prometheus';
      alerts = promAlerts.value.flatMap((a) => fromPrometheus(a, asOf));
    }
    if (amAlerts.state === 'failed') {
      problems.push(
        source === 'prometheus'
          ? `${amAlerts.error.message} Showing Prometheus' alerts, without silences.`
          : amAlerts.error.message,
      );
    }
    if (promAlerts.state === 'failed' && amAlerts.state !== 'ok') problems.push(promAlerts.error.message);
    if (promRules.state === 'failed' && promAlerts.state !== 'failed') problems.push(promRules.error.message);
    if (amSilences.state === 'failed' && amAlerts.state === 'ok') problems.push(amSilences.error.message);

    const answer: Alerts = {
      asOf,
      fromCache: false,
      source,
      alerts: alerts.sort(bySeverity),
      rules: promRules.state === 'ok' ? toRules(promRules.value) : [],
      silences: amSilences.state === 'ok' ? toSilences(amSilences.value) : [],
      problem: problems.length === 0 ? null : problems.join(' '),
    };
    this.deps.cache.saveSnapshot(environment.id, 'alerts', asOf, answer);
    return answer;
  }

  async silence(input: SilenceInput): Promise<{ silenceId: string }> {
    const { session, alertmanager } = await this.forSilences(input.environmentId);
    const now = this.now();
    const silenceId = await alertmanager.createSilence({
      matchers: input.matchers.map((matcher) => ({ ...matcher, isEqual: true })),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + input.durationMinutes * 60_000).toISOString(),
      createdBy: session.username,
      comment: input.comment,
    });
    this.deps.log.info('health: silence created', {
      env: input.environmentId,
      silence: silenceId,
      user: session.username,
      minutes: input.durationMinutes,
    });
    this.deps.changed(input.environmentId);
    return { silenceId };
  }

  async expireSilence(environmentId: string, silenceId: string): Promise<void> {
    const { session, alertmanager } = await this.forSilences(environmentId);
    await alertmanager.expireSilence(silenceId);
    this.deps.log.info('health: silence expired', {
      env: environmentId,
      silence: silenceId,
      user: session.username,
    });
    this.deps.changed(environmentId);
  }

  private async forSilences(
    environmentId: string,
  ): Promise<{ session: Session; alertmanager: AlertmanagerClient }> {
    const environment = this.deps.environments.require(environmentId);
    const session = this.deps.sessions.get(environmentId);
    if (session === null) throw new OppError('AUTH_REQUIRED', 'Sign in to this environment first.');
    const verdict = access(session, 'alerts.silence');
    if (!verdict.allowed) throw new OppError('FORBIDDEN', `${verdict.reason} Silencing alerts needs it.`);
    const alertmanager = await this.deps.alertmanager(environment);
    if (alertmanager === null) {
      throw new OppError(
        'UNSUPPORTED_BY_SERVER',
        'No AlertManager is configured for this environment, and silences live in AlertManager.',
      );
    }
    return { session, alertmanager };
  }
}

function severityRank(severity: string): number {
  const index = SEVERITY_ORDER.indexOf(severity);
  return index === -1 ? SEVERITY_ORDER.length : index;
}

function bySeverity(a: Alert, b: Alert): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.name.localeCompare(b.name) ||
    a.startsAt.localeCompare(b.startsAt)
  );
}

function isoOr(text: string | undefined, fallback: string): string {
  const at = text === undefined ? Number.NaN : Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(at) ? fallback : new Date(at).toISOString();
}

function annotation(annotations: Record<string, string> | undefined, name: string): string | null {
  const text = annotations?.[name];
  return text === undefined || text === '' ? null : cleanWords(text, 2000);
}

function fromAlertmanager(alert: AmAlert): Alert {
  return {
    fingerprint: alert.fingerprint,
    name: alert.labels['alertname'] ?? '(unnamed)',
    severity: alert.labels['severity'] ?? 'none',
    state: alert.status.state === 'suppressed' ? 'suppressed' : 'firing',
    labels: alert.labels,
    summary: annotation(alert.annotations, 'summary'),
    description: annotation(alert.annotations, 'description'),
    startsAt: isoOr(alert.startsAt, alert.startsAt),
    silencedBy: alert.status.silencedBy ?? [],
  };
}

/** Prometheus gives its alerts no id: a hash of the label set is stable while the alert lasts. */
function fromPrometheus(alert: PromAlert, asOf: string): Alert[] {
  if (alert.state !== 'firing' && alert.state !== 'pending') return [];
  const sorted = Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b));
  return [
    {
      fingerprint: `prometheus:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16)}`,
      name: alert.labels['alertname'] ?? '(unnamed)',
      severity: alert.labels['severity'] ?? 'none',
      state: alert.state,
      labels: alert.labels,
      summary: annotation(alert.annotations, 'summary'),
      description: annotation(alert.annotations, 'description'),
      startsAt: isoOr(alert.activeAt, asOf),
      silencedBy: [],
    },
  ];
}

function toRules(groups: PromRuleGroup[]): Alerts['rules'] {
  return groups.flatMap((group) =>
    group.rules
      .filter((rule) => rule.type === 'alerting')
      .map((rule) => ({
        name: rule.name,
        group: group.name,
        state: rule.state === 'firing' || rule.state === 'pending' ? rule.state : 'inactive',
        health: rule.health,
        query: rule.query,
        lastError: rule.lastError === undefined || rule.lastError === '' ? null : cleanWords(rule.lastError),
      })),
  );
}

function toSilences(silences: AmSilence[]): Silence[] {
  const order = { active: 0, pending: 1, expired: 2 } as const;
  const mapped = silences.map((silence): Silence => {
    const state = silence.status.state;
    return {
      id: silence.id,
      matchers: silence.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true })),
      startsAt: isoOr(silence.startsAt, silence.startsAt),
      endsAt: isoOr(silence.endsAt, silence.endsAt),
      createdBy: silence.createdBy,
      comment: silence.comment,
      state: state === 'active' || state === 'pending' ? state : 'expired',
    };
  });
  mapped.sort((a, b) => order[a.state] - order[b.state] || b.endsAt.localeCompare(a.endsAt));
  const live = mapped.filter((silence) => silence.state !== 'expired');
  return [...live, ...mapped.filter((silence) => silence.state === 'expired').slice(0, MAX_EXPIRED_SILENCES)];
}
