import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { HEALTH_PANELS } from '../../../../shared/health-panels';
import { AsOfMarker } from './as-of-marker';
import { MonitoringMissing } from './health-empty';
import { healthKeys, useAuditMarkers, useShownFreshness } from './health-queries';
import { markerActions, useHealthUi } from './health-ui-store';
import { MarkerControls } from './marker-controls';
import { RangePicker } from './range-controls';
import { RangeFigure } from './range-figure';

/** Each panel's source, made once: the figures are memoised on their props. */
const PANEL_SOURCES: Readonly<Record<string, { panel: string }>> = Object.fromEntries(
  HEALTH_PANELS.map((panel) => [panel.id, { panel: panel.id }]),
);

/** The platform dashboard's panels over the chosen range, with audit markers. */
export function ChartsTab({ environment }: { environment: EnvironmentView }): ReactElement {
  const range = useHealthUi((state) => state.range);
  const markersShown = useHealthUi((state) => state.markersShown);
  const actions = markerActions(useHealthUi((state) => state.markerKinds));
  const markers = useAuditMarkers({
    environmentId: environment.id,
    actions,
    range,
    enabled: markersShown && environment.prometheus !== null,
  });
  const freshness = useShownFreshness(healthKeys.ranges(environment.id));

  if (environment.prometheus === null) {
    return <MonitoringMissing environment={environment} service="Prometheus" needs="Charts" />;
  }
  const shownMarkers = markersShown && actions.length > 0 ? markers.data?.rows : undefined;
  return (
    <div className="health-charts">
      <div className="toolbar health-toolbar">
        <RangePicker environmentId={environment.id} />
      </div>
      <MarkerControls markers={markers} />
      <AsOfMarker freshness={freshness} />
      <div className="chart-grid">
        {HEALTH_PANELS.map((panel) => (
          <RangeFigure
            key={panel.id}
            environmentId={environment.id}
            testId={`panel-${panel.id}`}
            title={panel.title}
            source={PANEL_SOURCES[panel.id] ?? { panel: panel.id }}
            unit={panel.unit}
            threshold={panel.threshold}
            definitions={panel.queries}
            range={range}
            markers={shownMarkers}
          />
        ))}
      </div>
    </div>
  );
}
