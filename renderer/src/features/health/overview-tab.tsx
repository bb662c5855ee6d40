import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { HealthOverview } from '../../../../shared/domain/health';
import { ErrorMessage } from '../../components/error-message';
import { Icon } from '../../components/icons';
import { formatLocalTime } from '../../components/time-words';
import { useNow } from '../../components/use-now';
import { AsOfMarker } from './as-of-marker';
import { useHealthOverview } from './health-queries';
import { formatAgo } from './health-time';

type Component = HealthOverview['platform']['components'][number];
type Target = HealthOverview['monitoring']['targets'][number];
export type Tone = 'ok' | 'warning' | 'critical';

/** Red when a core component is unhealthy or a target down; amber for anything uncertain. */
export function overviewTone(overview: HealthOverview): Tone {
  const { platform, monitoring } = overview;
  if (
    platform.status === 'unhealthy' ||
    platform.components.some((c) => c.status === 'unhealthy') ||
    monitoring.targets.some((t) => t.health === 'down')
  ) {
    return 'critical';
  }
  if (
    platform.status !== 'healthy' ||
    platform.components.some((c) => c.status !== 'healthy') ||
    monitoring.targets.some((t) => t.health !== 'up') ||
    platform.problem !== null ||
    monitoring.problem !== null
  ) {
    return 'warning';
  }
  return 'ok';
}

const TONE_WORDS: Record<Tone, string> = { ok: 'Healthy', warning: 'Degraded', critical: 'Problem' };
const TONE_ICON = { ok: 'check', warning: 'warning', critical: 'cross' } as const;

const STATUS_WORDS: Record<Component['status'], string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};
const HEALTH_WORDS: Record<Target['health'], string> = { up: 'Up', down: 'Down', unknown: 'Unknown' };

function statusTone(status: Component['status'] | Target['health']): Tone {
  if (status === 'healthy' || status === 'up') return 'ok';
  if (status === 'unhealthy' || status === 'down') return 'critical';
  return 'warning';
}

function StatusBadge({ status, words }: { status: Component['status'] | Target['health']; words: string }) {
  const tone = statusTone(status);
  return (
    <span className={`status-badge status-badge--${tone}`}>
      <Icon name={TONE_ICON[tone]} />
      {words}
    </span>
  );
}

/** "14:02 (3 min ago)", or "never". */
function Moment({ iso, now }: { iso: string | null; now: number }): ReactElement {
  if (iso === null) return <span className="muted">never</span>;
  const moment = new Date(iso);
  return (
    <time dateTime={iso} title={moment.toLocaleString()}>
      {formatLocalTime(moment, new Date(now))} ({formatAgo(moment, new Date(now))})
    </time>
  );
}

function Problem({ text }: { text: string | null }): ReactElement | null {
  if (text === null) return null;
  return (
    <p className="health-problem" role="note">
      <Icon name="warning" /> {text}
    </p>
  );
}

function ComponentsTable({ overview, now }: { overview: HealthOverview; now: number }): ReactElement {
  const { components, problem } = overview.platform;
  return (
    <section className="panel" aria-labelledby="health-components">
      <h2 className="panel__heading" id="health-components">
        Core components
      </h2>
      <Problem text={problem} />
      {components.length > 0 && (
        <table className="health-table">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">Message</th>
              <th scope="col">Last seen healthy</th>
            </tr>
          </thead>
          <tbody>
            {components.map((component) => (
              <tr
                key={component.name}
                data-testid={`component-${component.name}`}
                data-status={component.status}
                className={`health-row health-row--${statusTone(component.status)}`}
              >
                <th scope="row">{component.name}</th>
                <td>
                  <StatusBadge status={component.status} words={STATUS_WORDS[component.status]} />
                </td>
                <td className="numeric">
                  {component.latencyMs === null ? '–' : `${Math.round(component.latencyMs)} ms`}
                </td>
                <td>{component.message ?? ''}</td>
                <td>
                  <Moment iso={component.lastHealthyAt} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TargetsTable({ overview, now }: { overview: HealthOverview; now: number }): ReactElement {
  const { targets, problem } = overview.monitoring;
  return (
    <section className="panel" aria-labelledby="health-targets">
      <h2 className="panel__heading" id="health-targets">
        Monitoring targets
      </h2>
      <Problem text={problem} />
      {targets.length > 0 && (
        <table className="health-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Instance</th>
              <th scope="col">State</th>
              <th scope="col">Last scrape</th>
              <th scope="col">Last seen up</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr
                key={`${target.job}/${target.instance}`}
                data-testid={`target-${target.job}`}
                data-health={target.health}
                data-instance={target.instance}
                className={`health-row health-row--${statusTone(target.health)}`}
              >
                <th scope="row">{target.job}</th>
                <td className="mono">{target.instance}</td>
                <td>
                  <StatusBadge status={target.health} words={HEALTH_WORDS[target.health]} />
                </td>
                <td>
                  <Moment iso={target.lastScrape} now={now} />
                </td>
                <td>
                  <Moment iso={target.lastUpAt} now={now} />
                </td>
                <td className="health-table__error">{target.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The headline: the platform's own summary, coloured by the worst part. */
export function HealthSummary({ overview }: { overview: HealthOverview }): ReactElement {
  const tone = overviewTone(overview);
  return (
    <div className={`health-summary health-summary--${tone}`} data-testid="health-summary" data-tone={tone}>
      <Icon name={TONE_ICON[tone]} />
      <strong className="health-summary__tone">{TONE_WORDS[tone]}</strong>
      <span className="health-summary__text">{overview.summary}</span>
    </div>
  );
}

/** Core components and monitoring targets, refreshing live. */
export function OverviewTab({ environment }: { environment: EnvironmentView }): ReactElement {
  const overview = useHealthOverview(environment.id);
  const now = useNow(15_000);

  if (overview.isPending) {
    return (
      <div className="health-loading" role="status" aria-label="Loading the overview…">
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--block" />
        <div className="skeleton skeleton--block" />
      </div>
    );
  }
  if (overview.isError && overview.data === undefined) {
    return (
      <ErrorMessage
        error={overview.error}
        title={`The health of ${environment.name} could not be loaded.`}
        onRetry={() => void overview.refetch()}
      />
    );
  }
  const data = overview.data;
  return (
    <div className="health-overview">
      <AsOfMarker freshness={data} />
      <HealthSummary overview={data} />
      {overview.isError && (
        <ErrorMessage
          error={overview.error}
          title="The last refresh failed; this is the previous answer."
          onRetry={() => void overview.refetch()}
        />
      )}
      <ComponentsTable overview={data} now={now} />
      <TargetsTable overview={data} now={now} />
    </div>
  );
}
