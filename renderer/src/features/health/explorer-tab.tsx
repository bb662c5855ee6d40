import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, type KeyboardEvent, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { AsOfMarker } from './as-of-marker';
import { MonitoringMissing } from './health-empty';
import { healthKeys, useAuditMarkers, useQueryHistory, useShownFreshness } from './health-queries';
import { markerActions, useHealthUi } from './health-ui-store';
import { RangePicker } from './range-controls';
import { RangeFigure } from './range-figure';

const NO_DEFINITIONS = [] as const;
const MAX_QUERY_LENGTH = 4000;

function RecentQueries({
  environment,
  onPick,
}: {
  environment: EnvironmentView;
  onPick: (query: string) => void;
}): ReactElement {
  const history = useQueryHistory(environment.id);
  const headingId = useId();
  return (
    <section className="explorer-history" aria-labelledby={headingId}>
      <h2 className="panel__heading" id={headingId}>
        Recent queries
      </h2>
      {history.isPending && (
        <p className="loading" role="status">
          Loading recent queries…
        </p>
      )}
      {history.isError && (
        <ErrorMessage
          error={history.error}
          title="The recent queries could not be loaded."
          onRetry={() => void history.refetch()}
        />
      )}
      {history.data !== undefined && history.data.length === 0 && (
        <p className="muted">Queries you run here are kept for {environment.name}, newest first.</p>
      )}
      {history.data !== undefined && history.data.length > 0 && (
        <ul className="explorer-history__list" aria-labelledby={headingId}>
          {history.data.map((query) => (
            <li key={query}>
              <button
                type="button"
                className="explorer-history__item"
                title="Run this query again"
                onClick={() => onPick(query)}
              >
                <code>{query}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Ad hoc PromQL over the chosen range, drawn like the panels, with the environment's recent queries. */
export function ExplorerTab({ environment }: { environment: EnvironmentView }): ReactElement {
  const draft = useHealthUi((state) => state.explorerDraft);
  const query = useHealthUi((state) => state.explorerQuery);
  const setDraft = useHealthUi((state) => state.setExplorerDraft);
  const run = useHealthUi((state) => state.runExplorerQuery);
  const range = useHealthUi((state) => state.range);
  const markersShown = useHealthUi((state) => state.markersShown);
  const actions = markerActions(useHealthUi((state) => state.markerKinds));
  const markers = useAuditMarkers({
    environmentId: environment.id,
    actions,
    range,
    enabled: markersShown && query !== null && environment.prometheus !== null,
  });
  const freshness = useShownFreshness(healthKeys.ranges(environment.id));
  const source = useMemo(() => (query === null ? null : { promql: query }), [query]);
  const queryClient = useQueryClient();
  const inputId = useId();
  const hintId = useId();

  if (environment.prometheus === null) {
    return <MonitoringMissing environment={environment} service="Prometheus" needs="Queries" />;
  }

  const trimmed = draft.trim();
  /** Runs a query; the one already drawn is fetched again. */
  const runQuery = (next: string): void => {
    if (next === query) {
      void queryClient.invalidateQueries({
        queryKey: [...healthKeys.ranges(environment.id), { promql: next }],
      });
    } else {
      run(next);
    }
  };
  const runDraft = (): void => {
    if (trimmed !== '') runQuery(trimmed);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runDraft();
    }
  };

  return (
    <div className="health-explorer">
      <div className="toolbar health-toolbar">
        <RangePicker environmentId={environment.id} />
      </div>
      <div className="explorer">
        <div className="explorer__main">
          <div className="field">
            <label className="field__label" htmlFor={inputId}>
              PromQL query
            </label>
            <textarea
              id={inputId}
              className="input explorer__input"
              rows={3}
              spellCheck={false}
              maxLength={MAX_QUERY_LENGTH}
              placeholder="sum by (status) (rate(http_requests_total[5m]))"
              aria-describedby={hintId}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onKeyDown}
            />
            <p className="field__hint" id={hintId}>
              A range query over the chosen time range. Ctrl+Enter (⌘+Enter on a Mac) runs it.
            </p>
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={trimmed === ''}
              onClick={runDraft}
            >
              Run
            </button>
          </div>
          {query !== null && <AsOfMarker freshness={freshness} />}
          {source !== null && query !== null && (
            <RangeFigure
              key={query}
              environmentId={environment.id}
              testId="explorer-result"
              title={query}
              source={source}
              unit="plain"
              threshold={null}
              definitions={NO_DEFINITIONS}
              range={range}
              markers={markersShown && actions.length > 0 ? markers.data?.rows : undefined}
            />
          )}
        </div>
        <RecentQueries environment={environment} onPick={runQuery} />
      </div>
    </div>
  );
}
