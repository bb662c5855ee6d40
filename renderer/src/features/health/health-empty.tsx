import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useUiStore } from '../../app/ui-store-context';

/** What to do when the environment lacks the monitoring server a view needs. */
export function MonitoringMissing({
  environment,
  service,
  needs,
}: {
  environment: EnvironmentView;
  service: 'Prometheus' | 'Prometheus or AlertManager';
  /** What the view would show, e.g. "Charts". */
  needs: string;
}): ReactElement {
  const showArea = useUiStore((state) => state.showArea);
  return (
    <div className="empty-state">
      <p className="empty-state__title">
        No {service} configured for {environment.name}
      </p>
      <p>
        {needs} come from the environment’s {service}. To add it, open Environments, choose Edit on{' '}
        {environment.name} and fill in the{' '}
        {service === 'Prometheus' ? 'Prometheus URL' : 'Prometheus URL or AlertManager URL'} (with its
        credentials if it needs any).
      </p>
      <button type="button" className="button" onClick={() => showArea('environments')}>
        Open Environments
      </button>
    </div>
  );
}
