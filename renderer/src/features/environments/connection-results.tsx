import { useId, type ReactElement } from 'react';
import type { ConnectionReport } from '../../../../shared/domain/environment';
import { Icon } from '../../components/icons';

type Check = ConnectionReport['checks'][number];
type Outcome = Check['outcome'];

/** Each outcome in words; the words contain the outcome's own name so that it is easy to find. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  ok: 'OK',
  tls: 'TLS certificate not trusted',
  auth: 'Auth refused',
  wrong_server: 'Wrong server',
  timeout: 'Timeout',
  unreachable: 'Unreachable',
  error: 'Error',
};

const TARGET_NAMES: Readonly<Record<Check['target'], string>> = {
  api: 'API',
  prometheus: 'Prometheus',
  alertmanager: 'AlertManager',
};

function tone(outcome: Outcome): 'ok' | 'warning' | 'failed' {
  if (outcome === 'ok') return 'ok';
  return outcome === 'tls' || outcome === 'auth' || outcome === 'wrong_server' ? 'warning' : 'failed';
}

const TONE_ICONS = { ok: 'check', warning: 'warning', failed: 'cross' } as const;

/** "Test connection": one line per server checked, with what was found and how fast. */
export function ConnectionResults({ report }: { report: ConnectionReport }): ReactElement {
  const headingId = useId();
  const passed = report.checks.filter((check) => check.outcome === 'ok').length;
  return (
    <section className="connection-results" aria-labelledby={headingId}>
      <h3 className="connection-results__heading" id={headingId}>
        Connection test
      </h3>
      <p className="visually-hidden" role="status">
        Connection test finished: {passed} of {report.checks.length} servers answered as expected.
      </p>
      <ul className="connection-results__list">
        {report.checks.map((check) => (
          <li
            key={check.target}
            className={`connection-check connection-check--${tone(check.outcome)}`}
            data-testid={`connection-check-${check.target}`}
            data-outcome={check.outcome}
          >
            <Icon name={TONE_ICONS[tone(check.outcome)]} />
            <span className="connection-check__target">{TARGET_NAMES[check.target]}</span>
            <span className="connection-check__outcome">{OUTCOME_WORDS[check.outcome]}</span>
            {check.latencyMs !== null && (
              <span className="connection-check__latency">{Math.round(check.latencyMs)} ms</span>
            )}
            <span className="connection-check__message">{check.message}</span>
            <span className="connection-check__url path">{check.url}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
