import { useQueryClient } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useActiveEnvironment } from '../../app/active-environment';
import { useUiStore } from '../../app/ui-store-context';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { useEnvironments } from '../environments/environment-queries';
import { AlertsTab } from './alerts-tab';
import { ChartsTab } from './charts-tab';
import { ExplorerTab } from './explorer-tab';
import { healthKeys } from './health-queries';
import { HEALTH_TABS, useHealthUi, type HealthTab } from './health-ui-store';
import { OverviewTab } from './overview-tab';
import { RefreshSelect } from './range-controls';

const TAB_LABELS: Record<HealthTab, string> = {
  overview: 'Overview',
  charts: 'Charts',
  explorer: 'Explorer',
  alerts: 'Alerts',
};

function isHealthTab(value: string): value is HealthTab {
  return (HEALTH_TABS as readonly string[]).includes(value);
}

function RefreshNow({ environment }: { environment: EnvironmentView }): ReactElement {
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        void queryClient.invalidateQueries({ queryKey: healthKeys.all(environment.id) });
        void queryClient.invalidateQueries({ queryKey: healthKeys.markersAll(environment.id) });
      }}
    >
      Refresh now
    </button>
  );
}

/** The four views of one environment's health. */
function HealthViews({ environment }: { environment: EnvironmentView }): ReactElement {
  const tab = useHealthUi((state) => state.tab);
  const setTab = useHealthUi((state) => state.setTab);
  return (
    <Tabs.Root
      className="health-tabs"
      value={tab}
      onValueChange={(value) => {
        if (isHealthTab(value)) setTab(value);
      }}
    >
      <div className="health-tabs__bar">
        <Tabs.List className="tabs" aria-label="Health views">
          {HEALTH_TABS.map((id) => (
            <Tabs.Trigger key={id} value={id} className="tabs__trigger">
              {TAB_LABELS[id]}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <div className="health-tabs__refresh">
          <RefreshSelect />
          <RefreshNow environment={environment} />
        </div>
      </div>
      <Tabs.Content value="overview" className="tabs__content">
        <OverviewTab environment={environment} />
      </Tabs.Content>
      <Tabs.Content value="charts" className="tabs__content">
        <ChartsTab environment={environment} />
      </Tabs.Content>
      <Tabs.Content value="explorer" className="tabs__content">
        <ExplorerTab environment={environment} />
      </Tabs.Content>
      <Tabs.Content value="alerts" className="tabs__content">
        <AlertsTab environment={environment} />
      </Tabs.Content>
    </Tabs.Root>
  );
}

/** Health of the active environment: overview, charts, PromQL explorer and alerts. */
export function HealthArea(): ReactElement {
  const { environment } = useActiveEnvironment();
  const environments = useEnvironments();
  const showArea = useUiStore((state) => state.showArea);

  return (
    <div className="area health-area">
      <AreaHeading>Health</AreaHeading>
      {environments.isPending && (
        <p className="loading" role="status">
          Loading environments…
        </p>
      )}
      {environments.isError && (
        <ErrorMessage
          error={environments.error}
          title="The environments could not be loaded."
          onRetry={() => void environments.refetch()}
        />
      )}
      {environments.isSuccess && environment === null && (
        <div className="empty-state">
          <p className="empty-state__title">No environment chosen</p>
          <p>
            {environments.data.length === 0
              ? 'Add the OPP deployment you want to watch, with its Prometheus and AlertManager, in Environments.'
              : 'Choose an environment in the header to see its health.'}
          </p>
          {environments.data.length === 0 && (
            <button type="button" className="button" onClick={() => showArea('environments')}>
              Open Environments
            </button>
          )}
        </div>
      )}
      {/* Keyed: another environment starts with its own dialogs and markers. */}
      {environment !== null && <HealthViews key={environment.id} environment={environment} />}
    </div>
  );
}
