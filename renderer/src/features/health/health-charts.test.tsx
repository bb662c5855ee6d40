import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRow } from '../../../../shared/domain/audit-query';
import type { RangeResult } from '../../../../shared/domain/health';
import { OppError } from '../../../../shared/errors';
import { HEALTH_PANELS } from '../../../../shared/health-panels';
import type { CallInput } from '../../../../shared/ipc/contract';
import { fakeRangeResult } from '../../testing/fake-health';
import { MONITORED, renderHealth, stubResizeObserver } from '../../testing/render-health';
import { auditEventLinkStore, type PendingAuditEvent } from './audit-event-link';
import { healthKeys } from './health-queries';

// A file's first render warms up the app (and recharts) on a busy machine: allow more than 1 s.
configure({ asyncUtilTimeout: 5000 });

type RangeInput = CallInput<'health.range'>;

/** 640 px charts: a 64 px value axis and a 16 px margin leave a 560 px plot. */
const CHART_WIDTH = 640;
const PLOT_WIDTH = 560;
const HOUR = 3600_000;

function panelOf(input: RangeInput): string | null {
  return 'panel' in input.source ? input.source.panel : null;
}

function figure(panelId: string): HTMLElement {
  return screen.getByTestId(`panel-${panelId}`);
}

async function linesIn(panelId: string, count: number): Promise<void> {
  await waitFor(() => expect(figure(panelId).querySelectorAll('.recharts-line-curve')).toHaveLength(count));
}

function auditRow(id: number, action: string, timestamp: number, username = 'alice'): AuditRow {
  return {
    id,
    timestamp: new Date(timestamp).toISOString(),
    user_id: 1,
    username,
    action,
    resource: 'role',
    resource_id: 'editor',
    outcome: 'success',
    ip_address: '10.0.0.7',
    user_agent: null,
    details: null,
    session_id: null,
    prev_hash: null,
    hash: null,
    chain: 'unchained',
  };
}

/** The events asked of the Audit area (which takes each one as soon as it opens). */
function watchAuditRequests(): PendingAuditEvent[] {
  const requested: PendingAuditEvent[] = [];
  stopWatching = auditEventLinkStore.subscribe(({ pendingAuditEvent }) => {
    if (pendingAuditEvent !== null) requested.push(pendingAuditEvent);
  });
  return requested;
}
let stopWatching = (): void => {};

beforeEach(() => {
  stubResizeObserver(CHART_WIDTH);
});

afterEach(() => {
  stopWatching();
  vi.unstubAllGlobals();
});

// Eight recharts charts in jsdom on a small machine take a while to draw.
describe('charts', { timeout: 30_000 }, () => {
  it('asks main for every panel at the measured plot width over the chosen range, and draws them', async () => {
    const { api } = renderHealth({ ui: { tab: 'charts', range: { kind: 'preset', preset: '6h' } } });

    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(HEALTH_PANELS.length));
    const inputs = api.health.range.mock.calls.map(([input]) => input);
    expect(inputs.map(panelOf).sort()).toEqual(HEALTH_PANELS.map((panel) => panel.id).sort());
    for (const input of inputs) {
      expect(input.environmentId).toBe(MONITORED.id);
      expect(input.widthPx).toBe(PLOT_WIDTH);
      expect(input.end - input.start).toBe(6 * HOUR);
      expect(Math.abs(input.end - Date.now())).toBeLessThan(60_000);
    }

    const latency = screen.getByRole('figure', { name: 'API latency' });
    expect(latency).toBe(figure('latency'));
    await linesIn('latency', 3);
    await linesIn('request_rate', 2);
    expect(within(latency).getByText('p95 alert: 1 s', { selector: 'text, tspan' })).toBeInTheDocument();
    expect(within(latency).getByText('p50')).toBeInTheDocument();
    expect(within(figure('request_rate')).getByText('5xx')).toBeInTheDocument();
    expect(within(latency).getByText(/seconds · step/)).toBeInTheDocument();
    expect(screen.getByTestId('health-as-of')).toHaveTextContent(/^As of /);
  });

  it('names a query that failed or found nothing on its chart, with its PromQL', async () => {
    const latency = HEALTH_PANELS.find((panel) => panel.id === 'latency');
    const errorRatio = HEALTH_PANELS.find((panel) => panel.id === 'error_ratio');
    if (latency === undefined || errorRatio === undefined) throw new Error('panels');
    const p99 = latency.queries[2]?.promql ?? '';
    const ratio = errorRatio.queries[0]?.promql ?? '';

    const { api } = renderHealth({ ui: { tab: 'charts' } });
    api.health.range.mockImplementation((input) => {
      const answer = fakeRangeResult(input);
      const panel = panelOf(input);
      if (panel === 'latency') {
        answer.results = answer.results.map((result) =>
          result.promql === p99 ? { ...result, series: [], problem: null } : result,
        );
      }
      if (panel === 'error_ratio') {
        answer.results = answer.results.map((result) => ({
          ...result,
          series: [],
          problem: 'bad_data: 1:5: parse error: unexpected character',
        }));
      }
      if (panel === 'api_memory') {
        return Promise.reject(new OppError('UPSTREAM', 'Prometheus answered 503 Service Unavailable.'));
      }
      return Promise.resolve(answer);
    });

    await linesIn('latency', 2);
    const latencyFigure = figure('latency');
    expect(latencyFigure).toHaveTextContent('p99: no data');
    expect(within(latencyFigure).getByText(p99)).toBeInTheDocument();

    const ratioFigure = figure('error_ratio');
    await waitFor(() => expect(ratioFigure).toHaveTextContent('Nothing to draw'));
    expect(ratioFigure).toHaveTextContent('5xx share: bad_data: 1:5: parse error: unexpected character');
    expect(within(ratioFigure).getByText(ratio)).toBeInTheDocument();
    expect(ratioFigure.querySelectorAll('.recharts-line-curve')).toHaveLength(0);

    const memory = figure('api_memory');
    await waitFor(() =>
      expect(within(memory).getByRole('alert')).toHaveTextContent('API process memory could not be loaded.'),
    );
    expect(memory).toHaveTextContent('Prometheus answered 503 Service Unavailable.');
    expect(memory).toHaveTextContent('process_resident_memory_bytes{job="openpolicy-api"}');
  });

  it('cancels what is in flight when the range changes, and redraws for the new one', async () => {
    const pending: ((answer: RangeResult) => void)[] = [];
    const { api, user, queryClient } = renderHealth({
      ui: { tab: 'charts', range: { kind: 'preset', preset: '1h' } },
    });
    api.health.range.mockImplementation((input) => {
      if (input.end - input.start === HOUR) {
        return new Promise((resolve) => pending.push(() => resolve(fakeRangeResult(input))));
      }
      return Promise.resolve(fakeRangeResult(input));
    });
    await waitFor(() => expect(pending).toHaveLength(HEALTH_PANELS.length));
    const oldKeys = queryClient
      .getQueryCache()
      .findAll({ queryKey: healthKeys.ranges(MONITORED.id), fetchStatus: 'fetching' });
    expect(oldKeys).toHaveLength(HEALTH_PANELS.length);

    const group = screen.getByRole('group', { name: 'Time range' });
    expect(within(group).getByRole('button', { name: '1h' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(group).getByRole('button', { name: '24h' }));
    expect(within(group).getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');

    // The old range's queries are no longer fetching, and their late answers are dropped.
    for (const query of oldKeys) {
      expect(query.state.fetchStatus).toBe('idle');
      expect(query.state.data).toBeUndefined();
    }
    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(2 * HEALTH_PANELS.length));
    const fresh = api.health.range.mock.calls.slice(HEALTH_PANELS.length).map(([input]) => input);
    expect(fresh.every((input) => input.end - input.start === 24 * HOUR)).toBe(true);
    await linesIn('latency', 3);

    act(() => pending.forEach((resolve) => resolve({} as RangeResult)));
    await linesIn('latency', 3);
    for (const query of oldKeys) expect(query.state.data).toBeUndefined();
  });

  it('draws a custom range, and checks it first', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'charts' } });
    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(HEALTH_PANELS.length));
    await user.click(screen.getByRole('button', { name: 'Custom…' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');

    fireEvent.change(from, { target: { value: '2026-05-03T16:00' } });
    fireEvent.change(to, { target: { value: '2026-05-03T12:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The end must come after the start.');
    expect(api.health.range).toHaveBeenCalledTimes(HEALTH_PANELS.length);

    fireEvent.change(from, { target: { value: '2026-05-03T10:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply range' }));
    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(2 * HEALTH_PANELS.length));
    const last = api.health.range.mock.lastCall?.[0];
    expect(last?.start).toBe(new Date(2026, 4, 3, 10, 0).getTime());
    expect(last?.end).toBe(new Date(2026, 4, 3, 12, 0).getTime());
    expect(screen.getByRole('button', { name: 'Custom…' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('marks the charts offline with the time of the data', async () => {
    const asOf = new Date(Date.now() - 2 * HOUR).toISOString();
    const { api } = renderHealth({ ui: { tab: 'charts' } });
    api.health.range.mockImplementation((input) =>
      Promise.resolve({ ...fakeRangeResult(input), asOf, fromCache: true }),
    );
    await linesIn('cpu', 1);
    expect(screen.getByTestId('health-as-of')).toHaveTextContent(/^Offline — showing data as of/);
  });

  it('labels the time axis with a few round times, not with the times of the points', async () => {
    renderHealth({ ui: { tab: 'charts', range: { kind: 'preset', preset: '6h' } } });
    await linesIn('cpu', 1);
    const labels = [
      ...figure('cpu').querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value'),
    ].map((tick) => tick.textContent ?? '');
    // A 560 px plot has room for 5 labels; over 6 hours that is one every 2 hours, on the hour.
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels.length).toBeLessThanOrEqual(5);
    for (const label of labels) expect(label).toMatch(/\b\d{1,2}:00\b/);
  });

  it('breaks a line where its series has a gap, even where another series has points', async () => {
    const { api } = renderHealth({ ui: { tab: 'charts' } });
    api.health.range.mockImplementation((input) => {
      const answer = fakeRangeResult(input);
      if (panelOf(input) !== 'request_rate') return Promise.resolve(answer);
      const minute = 60_000;
      const at = (i: number): number => input.start + i * minute;
      // 2xx: an outage between minutes 4 and 7 (main sends one null at its first instant).
      const outage: [number, number | null][] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [
        at(i),
        i === 5 ? null : 1 + i / 10,
      ]);
      // 5xx: downsampled on its own, so its times fall between those of 2xx, inside the outage too.
      const steady: [number, number | null][] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => [
        at(i) + minute / 2,
        0.1,
      ]);
      const result = answer.results[0];
      if (result === undefined) throw new Error('request_rate has a query');
      answer.results = [
        {
          ...result,
          series: [
            { labels: { status_class: '2xx' }, points: outage, rawPointCount: 40 },
            { labels: { status_class: '5xx' }, points: steady, rawPointCount: 40 },
          ],
        },
      ];
      return Promise.resolve(answer);
    });
    await linesIn('request_rate', 2);
    const curve = (colour: number): string =>
      figure('request_rate')
        .querySelector(`path.recharts-line-curve[stroke="var(--chart-${colour})"]`)
        ?.getAttribute('d') ?? '';
    // Each 'M' starts a piece of the line: the outage splits 2xx in two; 5xx is drawn whole.
    await waitFor(() => expect(curve(0).match(/M/g)).toHaveLength(2));
    expect(curve(1).match(/M/g)).toHaveLength(1);
  });
});

describe('audit markers', { timeout: 30_000 }, () => {
  it('draws the chosen audit events on the charts; a click opens one in the Audit area', async () => {
    const now = Date.now();
    const { api, user, uiStore } = renderHealth({ ui: { tab: 'charts' } });
    const requested = watchAuditRequests();
    api.audit.query.mockResolvedValue({
      // Newest first on purpose: markers are placed by time whatever the order.
      rows: [
        auditRow(42, 'account_locked', now - 10 * 60_000, 'bob'),
        auditRow(41, 'role_updated', now - 30 * 60_000),
      ],
      next: null,
      total: 2,
    });

    await waitFor(() => expect(within(figure('cpu')).getByTestId('audit-marker-41')).toBeInTheDocument());
    expect(screen.getAllByTestId('audit-marker-42')).toHaveLength(HEALTH_PANELS.length);
    const input = api.audit.query.mock.lastCall?.[0];
    expect(input).toMatchObject({ environmentId: MONITORED.id, order: 'oldest', after: null, limit: 1000 });
    expect(input?.filter.actions).toEqual([
      'role_created',
      'role_updated',
      'role_deleted',
      'user_deactivated',
      'password_reset',
      'account_locked',
    ]);
    expect(Date.parse(input?.filter.to ?? '') - Date.parse(input?.filter.from ?? '')).toBe(HOUR);
    expect(screen.getByText('2 audit events in this range.')).toBeInTheDocument();

    const marker = within(figure('cpu')).getByTestId('audit-marker-41');
    await user.hover(marker);
    expect(within(figure('cpu')).getByTestId('marker-details')).toHaveTextContent(
      /Role changed: editor by alice/,
    );

    await user.click(marker);
    expect(uiStore.getState().area).toBe('audit');
    expect(requested).toEqual([{ environmentId: MONITORED.id, eventId: 41 }]);
  });

  it('shows only the chosen actions, and none when switched off', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'charts' } });
    api.audit.query.mockImplementation(({ filter }) =>
      Promise.resolve({
        rows: (filter.actions ?? []).includes('role_updated')
          ? [auditRow(7, 'role_updated', Date.now() - 20 * 60_000)]
          : [],
        next: null,
        total: null,
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('audit-marker-7')).toHaveLength(HEALTH_PANELS.length));

    await user.click(screen.getByRole('checkbox', { name: 'Role changes' }));
    await waitFor(() => expect(screen.queryAllByTestId('audit-marker-7')).toHaveLength(0));
    expect(api.audit.query.mock.lastCall?.[0].filter.actions).toEqual([
      'user_deactivated',
      'password_reset',
      'account_locked',
    ]);

    await user.click(screen.getByRole('checkbox', { name: 'Role changes' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-marker-7')).toHaveLength(HEALTH_PANELS.length));
    const calls = api.audit.query.mock.calls.length;
    await user.click(screen.getByRole('checkbox', { name: 'Show audit markers' }));
    expect(screen.queryAllByTestId('audit-marker-7')).toHaveLength(0);
    expect(screen.getByRole('checkbox', { name: 'Lockouts' })).toBeDisabled();
    expect(api.audit.query).toHaveBeenCalledTimes(calls);
  });

  it('lists the events of a crowded marker to open one by one', async () => {
    const at = Date.now() - 30 * 60_000;
    const { api, user, uiStore } = renderHealth({ ui: { tab: 'charts' } });
    const requested = watchAuditRequests();
    api.audit.query.mockResolvedValue({
      rows: [auditRow(5, 'password_reset', at), auditRow(6, 'user_deactivated', at + 1000, 'carol')],
      next: null,
      total: 2,
    });
    const marker = await within(await screen.findByTestId('panel-memory')).findByTestId('audit-marker-5');
    expect(within(figure('memory')).queryByTestId('audit-marker-6')).not.toBeInTheDocument();
    await user.click(marker);
    expect(uiStore.getState().area).toBe('health');
    const details = within(figure('memory')).getByTestId('marker-details');
    expect(details).toHaveTextContent(/User deactivated.*by carol/);
    const open = within(details).getAllByRole('button', { name: 'Open in Audit' });
    expect(open).toHaveLength(2);
    await user.click(open[1] as HTMLElement);
    expect(uiStore.getState().area).toBe('audit');
    expect(requested).toEqual([{ environmentId: MONITORED.id, eventId: 6 }]);
  });
});
