import { useId, useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Alerts } from '../../../../shared/domain/health';
import { ErrorMessage } from '../../components/error-message';
import { ReasonButton } from '../../components/guarded-button';
import { Icon } from '../../components/icons';
import { formatLocalTime } from '../../components/time-words';
import { useAccess } from '../../components/use-access';
import { useNow } from '../../components/use-now';
import { AsOfMarker } from './as-of-marker';
import { ExpireSilenceDialog } from './expire-silence-dialog';
import { MonitoringMissing } from './health-empty';
import { useHealthAlerts } from './health-queries';
import { formatAgo } from './health-time';
import { SilenceDialog } from './silence-dialog';
import {
  SEVERITY_GROUPS,
  compareAlerts,
  formatMatcher,
  severityGroup,
  type Alert,
  type Silence,
} from './silence-words';

type Rule = Alerts['rules'][number];
type OpenDialog = { kind: 'silence'; alert: Alert } | { kind: 'expire'; silence: Silence } | null;

/**
 * Why silences cannot be changed here, or null: the role (alerts.silence), then the servers.
 * Offline the console reads only (architecture: no writes queued for later).
 */
function useSilenceBlock(environment: EnvironmentView, alerts: Alerts | undefined): string | null {
  const access = useAccess('alerts.silence');
  if (!access.allowed) return access.reason;
  if (environment.alertmanager === null) {
    return 'Silences live in AlertManager: add its address in this environment’s settings.';
  }
  if (alerts?.fromCache === true) return 'Offline: silences can be changed once AlertManager answers again.';
  return null;
}

function Since({ iso, now }: { iso: string; now: number }): ReactElement {
  const moment = new Date(iso);
  return (
    <time className="muted" dateTime={iso} title={moment.toLocaleString()}>
      since {formatLocalTime(moment, new Date(now))} ({formatAgo(moment, new Date(now))})
    </time>
  );
}

function LabelChips({ labels }: { labels: Readonly<Record<string, string>> }): ReactElement {
  const entries = Object.entries(labels)
    .filter(([name]) => name !== 'alertname')
    .sort(([a], [b]) => a.localeCompare(b));
  return (
    <ul className="chips" aria-label="Labels">
      {entries.map(([name, value]) => (
        <li key={name} className="chip">
          <span className="chip__name">{name}</span>={value}
        </li>
      ))}
    </ul>
  );
}

const STATE_WORDS: Record<Alert['state'], string> = {
  firing: 'Firing',
  pending: 'Pending',
  suppressed: 'Silenced',
};

function AlertRow({
  alert,
  now,
  children,
}: {
  alert: Alert;
  now: number;
  children?: ReactElement | ReactElement[] | false;
}): ReactElement {
  return (
    <li
      className={`alert-row alert-row--${alert.state}`}
      data-testid={`alert-${alert.name}`}
      data-state={alert.state}
      data-severity={alert.severity}
    >
      <div className="alert-row__head">
        <span className={`state-badge state-badge--${alert.state}`}>{STATE_WORDS[alert.state]}</span>
        <strong className="alert-row__name">{alert.name}</strong>
        <Since iso={alert.startsAt} now={now} />
      </div>
      {alert.summary !== null && <p className="alert-row__summary">{alert.summary}</p>}
      {alert.description !== null && alert.description !== alert.summary && (
        <p className="alert-row__description muted">{alert.description}</p>
      )}
      <LabelChips labels={alert.labels} />
      {children}
    </li>
  );
}

function SilenceFacts({ silence, now }: { silence: Silence; now: number }): ReactElement {
  return (
    <p className="silence-facts">
      <Icon name="clock" /> Silence {silence.id} by {silence.createdBy}
      {silence.state === 'pending' ? ', starting ' : ', until '}
      {formatLocalTime(
        new Date(silence.state === 'pending' ? silence.startsAt : silence.endsAt),
        new Date(now),
      )}
      {silence.comment !== '' && <>: “{silence.comment}”</>}
    </p>
  );
}

function RulesTable({ rules }: { rules: readonly Rule[] }): ReactElement {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="panel__heading" id={headingId}>
        Rules ({rules.length})
      </h2>
      {rules.length === 0 ? (
        <p className="muted">No alert rules were reported.</p>
      ) : (
        <table className="health-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Group</th>
              <th scope="col">State</th>
              <th scope="col">Health</th>
              <th scope="col">Query</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr
                key={`${rule.group}/${rule.name}`}
                data-testid={`rule-${rule.name}`}
                data-state={rule.state}
              >
                <th scope="row">{rule.name}</th>
                <td>{rule.group}</td>
                <td>
                  <span className={`state-badge state-badge--${rule.state}`}>
                    {rule.state === 'inactive' ? 'Inactive' : STATE_WORDS[rule.state]}
                  </span>
                </td>
                <td>
                  {rule.health}
                  {rule.lastError !== null && (
                    <span className="health-table__error"> — {rule.lastError}</span>
                  )}
                </td>
                <td>
                  <code className="rule-query">{rule.query}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SourceLine({ alerts }: { alerts: Alerts }): ReactElement | null {
  if (alerts.source === null) return null;
  return (
    <p className="muted">
      {alerts.source === 'alertmanager'
        ? 'From AlertManager.'
        : 'From Prometheus: this environment has no AlertManager, so alerts cannot be silenced here.'}
    </p>
  );
}

/** Firing and pending alerts by severity, silenced ones with their silence, and the rules. */
export function AlertsTab({ environment }: { environment: EnvironmentView }): ReactElement {
  const query = useHealthAlerts(environment.id);
  const now = useNow(15_000);
  const block = useSilenceBlock(environment, query.data);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const activeId = useId();
  const silencedId = useId();
  const silencesId = useId();

  if (environment.prometheus === null && environment.alertmanager === null) {
    return (
      <MonitoringMissing environment={environment} service="Prometheus or AlertManager" needs="Alerts" />
    );
  }
  if (query.isPending) {
    return (
      <div className="health-loading" role="status" aria-label="Loading the alerts…">
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--block" />
      </div>
    );
  }
  const data = query.data;
  if (data === undefined) {
    return (
      <ErrorMessage
        error={query.error}
        title={`The alerts of ${environment.name} could not be loaded.`}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const active = data.alerts.filter((alert) => alert.state !== 'suppressed').sort(compareAlerts);
  const suppressed = data.alerts.filter((alert) => alert.state === 'suppressed').sort(compareAlerts);
  const live = data.silences.filter((silence) => silence.state !== 'expired');
  const byId = new Map(live.map((silence) => [silence.id, silence]));
  const shownWithAlert = new Set(suppressed.flatMap((alert) => alert.silencedBy));
  const otherSilences = live.filter((silence) => !shownWithAlert.has(silence.id));

  const expireButton = (silence: Silence): ReactElement => (
    <ReasonButton
      className="button"
      disabledReason={block}
      onClick={() => setDialog({ kind: 'expire', silence })}
    >
      Expire silence
    </ReasonButton>
  );

  return (
    <div className="health-alerts">
      <AsOfMarker freshness={data} />
      <SourceLine alerts={data} />
      {data.problem !== null && (
        <p className="health-problem" role="note">
          <Icon name="warning" /> {data.problem}
        </p>
      )}
      {query.isError && (
        <ErrorMessage
          error={query.error}
          title="The last refresh failed; these are the previous alerts."
          onRetry={() => void query.refetch()}
        />
      )}

      <section className="panel" aria-labelledby={activeId}>
        <h2 className="panel__heading" id={activeId}>
          Firing and pending ({active.length})
        </h2>
        {active.length === 0 && <p className="muted">No alert is firing or pending.</p>}
        {SEVERITY_GROUPS.map((group) => {
          const members = active.filter((alert) => severityGroup(alert.severity) === group.id);
          if (members.length === 0) return null;
          const headingId = `${activeId}-${group.id}`;
          return (
            <section
              key={group.id}
              className={`alert-group alert-group--${group.id}`}
              aria-labelledby={headingId}
              data-testid={`alert-group-${group.id}`}
            >
              <h3 className="alert-group__heading" id={headingId}>
                {group.label} ({members.length})
              </h3>
              <ul className="alert-list">
                {members.map((alert) => (
                  <AlertRow key={alert.fingerprint} alert={alert} now={now}>
                    <div className="alert-row__actions">
                      <ReasonButton
                        className="button"
                        disabledReason={block}
                        onClick={() => setDialog({ kind: 'silence', alert })}
                      >
                        Silence
                      </ReasonButton>
                    </div>
                  </AlertRow>
                ))}
              </ul>
            </section>
          );
        })}
      </section>

      {suppressed.length > 0 && (
        <section className="panel" aria-labelledby={silencedId}>
          <h2 className="panel__heading" id={silencedId}>
            Silenced ({suppressed.length})
          </h2>
          <ul className="alert-list">
            {suppressed.map((alert) => (
              <AlertRow key={alert.fingerprint} alert={alert} now={now}>
                {alert.silencedBy.map((id) => {
                  const silence = byId.get(id);
                  return silence === undefined ? (
                    <p key={id} className="silence-facts">
                      Silence {id}
                    </p>
                  ) : (
                    <div key={id} className="alert-row__silence">
                      <SilenceFacts silence={silence} now={now} />
                      {expireButton(silence)}
                    </div>
                  );
                })}
              </AlertRow>
            ))}
          </ul>
        </section>
      )}

      {otherSilences.length > 0 && (
        <section className="panel" aria-labelledby={silencesId}>
          <h2 className="panel__heading" id={silencesId}>
            Other silences ({otherSilences.length})
          </h2>
          <ul className="alert-list">
            {otherSilences.map((silence) => (
              <li key={silence.id} className="alert-row" data-testid={`silence-${silence.id}`}>
                <SilenceFacts silence={silence} now={now} />
                <ul className="chips" aria-label="Matchers">
                  {silence.matchers.map((matcher) => (
                    <li key={`${matcher.name}${matcher.value}`} className="chip">
                      {formatMatcher(matcher)}
                    </li>
                  ))}
                </ul>
                <div className="alert-row__actions">{expireButton(silence)}</div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <RulesTable rules={data.rules} />

      {dialog?.kind === 'silence' && (
        <SilenceDialog
          environmentId={environment.id}
          alert={dialog.alert}
          open
          onOpenChange={(open) => {
            if (!open) setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'expire' && (
        <ExpireSilenceDialog
          environmentId={environment.id}
          silence={dialog.silence}
          open
          onOpenChange={(open) => {
            if (!open) setDialog(null);
          }}
        />
      )}
    </div>
  );
}
