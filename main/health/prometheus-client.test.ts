import { describe, expect, it } from 'vitest';
import { OppError } from '../../shared/errors';
import type { HttpAnswer, HttpRequest } from '../http/http-client';
import { parseSampleValue, PrometheusClient, samplesToPoints, type HttpPort } from './prometheus-client';

function stub(answers: HttpAnswer[]): { port: HttpPort; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    port: {
      describe: 'Prometheus at http://prom.test',
      request(request) {
        requests.push(request);
        const answer = answers.shift();
        return answer === undefined ? Promise.reject(new Error('no answer left')) : Promise.resolve(answer);
      },
    },
  };
}

const json = (status: number, body: unknown): HttpAnswer => ({ status, headers: {}, body, malformed: false });
const WINDOW = { startSeconds: 1_700_000_000, endSeconds: 1_700_000_600, stepSeconds: 60 };

describe('Prometheus values', () => {
  it('reads decimal strings, and NaN and infinities as gaps', () => {
    expect(parseSampleValue('1.5')).toBe(1.5);
    expect(parseSampleValue('-2e-3')).toBe(-0.002);
    expect(parseSampleValue('0')).toBe(0);
    expect(parseSampleValue('NaN')).toBeNull();
    expect(parseSampleValue('+Inf')).toBeNull();
    expect(parseSampleValue('-Inf')).toBeNull();
    expect(parseSampleValue('garbage')).toBeNull();
  });

  it('turns [seconds, "value"] into [ms, value], and marks missing instants as a gap', () => {
    expect(
      samplesToPoints(
        [
          [1_700_000_000, '1'],
          [1_700_000_060.5, 'NaN'],
          [1_700_000_120, '3'],
          // Two instants without a sample (a target down), then data again.
          [1_700_000_300, '4'],
        ],
        60,
      ),
    ).toEqual([
      [1_700_000_000_000, 1],
      [1_700_000_060_500, null],
      [1_700_000_120_000, 3],
      [1_700_000_180_000, null],
      [1_700_000_300_000, 4],
    ]);
  });
});

describe('PrometheusClient', () => {
  it('POSTs range queries as a form and reads the matrix', async () => {
    const { port, requests } = stub([
      json(200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: { job: 'api' }, values: [[1_700_000_000, '2']] }],
        },
      }),
    ]);
    const outcome = await new PrometheusClient(port).queryRange('up{job="api"}', WINDOW);
    expect(outcome).toEqual({
      ok: true,
      warnings: [],
      data: [{ labels: { job: 'api' }, samples: [[1_700_000_000, '2']] }],
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/query_range',
      form: { query: 'up{job="api"}', start: '1700000000', end: '1700000600', step: '60' },
    });
  });

  it("names Prometheus' own errors as the query's problem instead of throwing", async () => {
    const { port } = stub([
      json(400, { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' }),
      json(422, { status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed' }),
    ]);
    const client = new PrometheusClient(port);
    expect(await client.queryRange('sum(', WINDOW)).toEqual({
      ok: false,
      problem: 'parse error: unexpected end of input (bad_data)',
    });
    expect(await client.queryRange('a / b', WINDOW)).toEqual({
      ok: false,
      problem: 'many-to-many matching not allowed (execution)',
    });
  });

  it('falls back to GET where a gateway refuses POST', async () => {
    const { port, requests } = stub([
      json(405, undefined),
      json(200, { status: 'success', data: { resultType: 'matrix', result: [] } }),
    ]);
    const outcome = await new PrometheusClient(port).queryRange('up', WINDOW);
    expect(outcome).toEqual({ ok: true, warnings: [], data: [] });
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(requests[1]?.query).toMatchObject({ query: 'up', step: '60' });
  });

  it('throws typed errors for a gateway refusal, a broken gateway and an unreadable answer', async () => {
    const { port } = stub([
      json(401, undefined),
      json(502, 'Bad Gateway'),
      json(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: 1 }] } }),
      { status: 200, headers: {}, body: undefined, malformed: true },
    ]);
    const client = new PrometheusClient(port);
    const codes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const error: unknown = await client.queryRange('up', WINDOW).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(OppError);
      codes.push((error as OppError).code);
    }
    expect(codes).toEqual(['FORBIDDEN', 'UPSTREAM', 'UPSTREAM', 'UPSTREAM']);
  });

  it('runs instant queries', async () => {
    const { port, requests } = stub([
      json(200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1_700_000_000, '1'] }] },
        warnings: ['partial data'],
      }),
      json(200, { status: 'success', data: { resultType: 'scalar', result: [1_700_000_000, '+Inf'] } }),
    ]);
    const client = new PrometheusClient(port);
    expect(await client.query('up', 1_700_000_000)).toEqual({
      ok: true,
      warnings: ['partial data'],
      data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1_700_000_000, '1'] }] },
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/query',
      form: { query: 'up', time: '1700000000' },
    });
    const scalar = await client.query('1/0');
    expect(
      scalar.ok && scalar.data.resultType === 'scalar' && parseSampleValue(scalar.data.result[1]),
    ).toBeNull();
  });

  it('reads targets, alerting rules and alerts', async () => {
    const { port, requests } = stub([
      json(200, {
        status: 'success',
        data: {
          activeTargets: [
            {
              labels: { job: 'node-exporter', instance: '127.0.0.1:9100' },
              scrapePool: 'node-exporter',
              scrapeUrl: 'http://127.0.0.1:9100/metrics',
              health: 'down',
              lastScrape: '2026-11-27T14:20:25.123456789Z',
              lastError: 'connection refused',
              newerField: true,
            },
          ],
          droppedTargets: [],
        },
      }),
      json(200, { status: 'success', data: { groups: [] } }),
      json(200, { status: 'success', data: { alerts: [] } }),
    ]);
    const client = new PrometheusClient(port);
    expect((await client.targets())[0]).toMatchObject({ health: 'down', lastError: 'connection refused' });
    expect(await client.rules()).toEqual([]);
    expect(await client.alerts()).toEqual([]);
    expect(requests.map((r) => [r.path, r.query])).toEqual([
      ['/api/v1/targets', { state: 'active' }],
      ['/api/v1/rules', { type: 'alert' }],
      ['/api/v1/alerts', undefined],
    ]);
  });
});
