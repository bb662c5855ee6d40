import { describe, expect, it } from 'vitest';
import { HEALTH_PANELS } from '../../../../shared/health-panels';
import { buildChartModel, formatLabels } from './chart-model';

const requestRate = HEALTH_PANELS.find((panel) => panel.id === 'request_rate');
const latency = HEALTH_PANELS.find((panel) => panel.id === 'latency');

describe('buildChartModel', () => {
  it('names series by the panel’s label and merges their times into rows', () => {
    const promql = requestRate?.queries[0]?.promql ?? '';
    const model = buildChartModel(
      [
        {
          legend: 'status_class',
          promql,
          problem: null,
          series: [
            {
              labels: { status_class: '2xx' },
              points: [
                [1000, 5],
                [3000, 6],
              ],
              rawPointCount: 40,
            },
            {
              labels: { status_class: '5xx' },
              points: [
                [2000, 0.1],
                [3000, null],
              ],
              rawPointCount: 40,
            },
          ],
        },
      ],
      requestRate?.queries,
    );
    expect(model.lines.map((line) => line.name)).toEqual(['2xx', '5xx']);
    expect(model.rows).toEqual([
      { t: 1000, s0: 5 },
      { t: 2000, s1: 0.1 },
      { t: 3000, s0: 6, s1: null },
    ]);
    expect(model.points).toBe(4);
    expect(model.rawPoints).toBe(80);
    expect(model.problems).toEqual([]);
  });

  it('turns queries without series into named problems', () => {
    const queries = latency?.queries ?? [];
    const model = buildChartModel(
      queries.map((query, index) => ({
        legend: typeof query.legend === 'string' ? query.legend : '',
        promql: query.promql,
        problem: index === 2 ? 'query timed out' : null,
        series: index === 0 ? [{ labels: {}, points: [[1, 0.2]], rawPointCount: 1 }] : [],
      })),
      queries,
    );
    expect(model.lines.map((line) => line.name)).toEqual(['p50']);
    expect(model.problems).toEqual([
      { legend: 'p95', promql: queries[1]?.promql, problem: 'no data' },
      { legend: 'p99', promql: queries[2]?.promql, problem: 'query timed out' },
    ]);
  });

  it('names explorer series by their labels, as Prometheus writes them', () => {
    expect(formatLabels({ __name__: 'up', job: 'api', instance: 'a:1' })).toBe(
      'up{instance="a:1", job="api"}',
    );
    expect(formatLabels({})).toBe('');
    const model = buildChartModel([
      {
        legend: 'sum(up)',
        promql: 'sum(up)',
        problem: null,
        series: [{ labels: {}, points: [[1, 4]], rawPointCount: 1 }],
      },
    ]);
    expect(model.lines[0]?.name).toBe('sum(up)');
  });
});
