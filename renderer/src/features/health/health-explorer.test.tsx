import { configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { fakeRangeResult } from '../../testing/fake-health';
import { MONITORED, renderHealth, stubResizeObserver } from '../../testing/render-health';

// A file's first render warms up the app (and recharts) on a busy machine: allow more than 1 s.
configure({ asyncUtilTimeout: 5000 });

const QUERY = 'sum by (job) (up)';

beforeEach(() => {
  stubResizeObserver(640);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PromQL explorer', { timeout: 30_000 }, () => {
  it('runs the query with Ctrl+Enter, draws it and keeps it in the history', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'explorer', range: { kind: 'preset', preset: '15m' } } });
    const input = await screen.findByLabelText('PromQL query');
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    expect(await screen.findByText(/Queries you run here are kept for Monitored/)).toBeInTheDocument();

    await user.type(input, QUERY);
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(1));
    const call = api.health.range.mock.lastCall?.[0];
    expect(call).toMatchObject({ environmentId: MONITORED.id, source: { promql: QUERY }, widthPx: 560 });
    expect((call?.end ?? 0) - (call?.start ?? 0)).toBe(15 * 60_000);
    const result = screen.getByTestId('explorer-result');
    await waitFor(() => expect(result.querySelectorAll('.recharts-line-curve')).toHaveLength(1));
    expect(screen.getByRole('figure', { name: QUERY })).toBe(result);

    const history = await screen.findByRole('list', { name: 'Recent queries' });
    expect(within(history).getByRole('button', { name: QUERY })).toBeInTheDocument();
  });

  it('picks a recent query to run again', async () => {
    const older = 'rate(process_cpu_seconds_total[5m])';
    const { api, user } = renderHealth({ ui: { tab: 'explorer' }, health: { history: [QUERY, older] } });
    const history = await screen.findByRole('list', { name: 'Recent queries' });
    expect(
      within(history)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([QUERY, older]);

    await user.click(within(history).getByRole('button', { name: older }));
    expect(screen.getByLabelText('PromQL query')).toHaveValue(older);
    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(1));
    expect(api.health.range.mock.lastCall?.[0].source).toEqual({ promql: older });

    await user.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(api.health.range).toHaveBeenCalledTimes(2));
  });

  it('names Prometheus’ error on the chart, with the query', async () => {
    const { api, user } = renderHealth({ ui: { tab: 'explorer' } });
    api.health.range.mockImplementationOnce((input) =>
      Promise.resolve({
        ...fakeRangeResult(input),
        results: [
          {
            legend: 'sum(rate(x[5m])',
            promql: 'sum(rate(x[5m])',
            series: [],
            problem: 'bad_data: 1:16: parse error: unclosed left parenthesis',
          },
        ],
      }),
    );
    await user.type(await screen.findByLabelText('PromQL query'), 'sum(rate(x[5m])');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    const result = await screen.findByTestId('explorer-result');
    await waitFor(() => expect(result).toHaveTextContent('parse error: unclosed left parenthesis'));
    expect(within(result).getByText('sum(rate(x[5m])', { selector: 'code' })).toBeInTheDocument();

    api.health.range.mockRejectedValueOnce(
      new OppError('VALIDATION', 'The query is too long.', {
        issues: [{ path: 'source', message: 'Too long.' }],
      }),
    );
    await user.type(screen.getByLabelText('PromQL query'), ' + 1');
    await user.keyboard('{Meta>}{Enter}{/Meta}');
    await waitFor(() =>
      expect(within(screen.getByTestId('explorer-result')).getByRole('alert')).toHaveTextContent(
        'The query is too long.',
      ),
    );
  });
});
