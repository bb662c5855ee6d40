import { describe, expect, it } from 'vitest';
import { HEALTH_PANELS } from '../../../../shared/health-panels';
import { buildChartModel, formatLabels } from './chart-model';

const requestRate = HEALTH_PANELS.find((panel) => panel.id === 'request_rate');
const latency = HEALTH_PANELS.find((panel) => panel.id === 'latency');

describe('buildChartModel', () => {
  it('names series by the panel’s label and gives each line its own points', () => {
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
    // Neither line sees the other's times: nothing for recharts to bridge or to step over.
    expect(model.lines.map((line) => line.points)).toEqual([
      [
        { t: 1000, v: 5 },
        { t: 3000, v: 6 },
      ],
      [
        { t: 2000, v: 0.1 },
        { t: 3000, v: null },
      ],
    ]);
    expect(model.points).toBe(4);
    expect(model.rawPoints).toBe(80);
    expect(model.problems).toEqual([]);
  });

  it('keeps a gap inside its series as a null, between the values either side', () => {
    const model = buildChartModel([
      {
        legend: 'up',
        promql: 'up',
        problem: null,
        series: [
          {
            labels: { job: 'node-exporter' },
            points: [
              [0, 1],
              [15_000, 1],
              [30_000, null],
              [90_000, 1],
            ],
            rawPointCount: 4,
          },
          { labels: { job: 'api' }, points: [[45_000, 1]], rawPointCount: 1 },
        ],
      },
    ]);
    const [node, api] = model.lines;
    expect(node?.points.map((point) => point.v)).toEqual([1, 1, null, 1]);
    expect(node?.points.map((point) => point.t)).toEqual([0, 15_000, 30_000, 90_000]);
    expect(api?.points).toEqual([{ t: 45_000, v: 1 }]);
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
