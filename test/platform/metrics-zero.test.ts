import { describe, expect, it } from 'vitest';
import { launch } from './test-helpers';

/** Every `name{labels} value` line of an exposition, by series. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    found.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return found;
}

async function metricsOf(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return samples(await response.text());
}

const requests = (method: string, route: string, status: string): string =>
  `http_requests_total{method="${method}",route="${route}",status="${status}"}`;

// rate() sees only increases Prometheus has scraped: a series that appears with its first request
// hides that request, so the first burst of 500s on a route would never reach the error-ratio alert.
describe('request series exist at zero from start-up', () => {
  it('has every route’s error and success series at 0 before any request to it', async () => {
    const platform = await launch();
    const series = await metricsOf(platform.url);
    for (const status of ['200', '401', '403', '404', '429', '500']) {
      expect(series.get(requests('GET', '/api/v1/users', status)), status).toBe(0);
      expect(series.get(requests('GET', '/api/v1/audit-logs', status)), status).toBe(0);
    }
    // Templates, as requests are labelled; the success codes this API uses for the method.
    expect(series.get(requests('PATCH', '/api/v1/users/{id}', '500'))).toBe(0);
    expect(series.get(requests('POST', '/api/v1/users', '201'))).toBe(0);
    expect(series.get(requests('DELETE', '/api/v1/roles/{name}', '204'))).toBe(0);
    expect(series.get(requests('POST', '/api/v1/auth/login', '401'))).toBe(0);
    expect(
      series.get('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/users"}'),
    ).toBe(0);
    expect(series.get('http_request_duration_seconds_count{method="GET",route="/api/v1/users"}')).toBe(0);
    for (const outcome of ['success', 'failure', 'locked']) {
      expect(series.get(`opp_login_attempts_total{outcome="${outcome}"}`), outcome).toBe(0);
    }
    // Never measured, so never listed: the control routes and Fastify's automatic HEAD twins.
    const names = [...series.keys()];
    expect(names.filter((name) => name.includes('/__test'))).toEqual([]);
    expect(names.filter((name) => name.includes('method="HEAD"'))).toEqual([]);
    expect(names.filter((name) => name.includes(':id') || name.includes(':name'))).toEqual([]);
  });

  it('counts from that zero: the first injected 500 reads 1', async () => {
    const platform = await launch();
    platform.setFaults('error500=1,path=/api/v1/users');
    const before = await metricsOf(platform.url);
    expect(before.get(requests('GET', '/api/v1/users', '500'))).toBe(0);
    expect((await fetch(`${platform.url}/api/v1/users`)).status).toBe(500);
    const after = await metricsOf(platform.url);
    expect(after.get(requests('GET', '/api/v1/users', '500'))).toBe(1);
    expect(after.get(requests('GET', '/api/v1/users', '200'))).toBe(0);
  });

  it('the legacy platform still exports no request series', async () => {
    const legacy = await launch({ legacy: true });
    const names = [...(await metricsOf(legacy.url)).keys()];
    expect(names.filter((name) => name.startsWith('http_request'))).toEqual([]);
  });
});
