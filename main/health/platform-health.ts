import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { HealthOverview } from '../../shared/domain/health';
import type { HttpAnswer } from '../http/http-client';
import { healthAnswerSchema } from '../platform/platform-schemas';
import { platformError, unreadableAnswer } from '../platform/platform-errors';
import { cleanWords } from './monitoring-errors';
import type { HttpPort } from './prometheus-client';
import type { CoreSummary } from './summary';

type Status = HealthOverview['platform']['status'];
export type CoreComponent = Omit<HealthOverview['platform']['components'][number], 'lastHealthyAt'>;

export interface CoreHealth {
  status: Status;
  components: CoreComponent[];
  problem: string | null;
  summary: CoreSummary;
}

/** The platform's core components (platform-api.md §5), listed first and always. */
export const CORE_COMPONENTS = ['api', 'database', 'cache', 'gateway', 'web'] as const;

/** Older than this, a health page is a cached copy, and the overview says so. */
const STALE_AFTER_S = 60;

const comprehensiveSchema = z.object({
  status: z.string(),
  components: z.record(
    z.string(),
    z.object({
      status: z.string(),
      latency_ms: z.number().nullish(),
      message: z.string().nullish(),
    }),
  ),
  timestamp: z.string().optional(),
});

function toStatus(value: string): Status {
  return value === 'healthy' || value === 'warning' || value === 'unhealthy' ? value : 'unknown';
}

/** A zoneless timestamp (the legacy platform's) is UTC. */
function parseTime(text: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

/**
 * The platform's health from its comprehensive page, or from the basic page where a server has
 * none (the legacy platform's basic page may be cached for up to 300 s: the overview says so).
 * The health pages need no session. Throws only when the platform cannot be reached.
 */
export async function fetchCoreHealth(api: HttpPort, now: number): Promise<CoreHealth> {
  const answer = await api.request({
    method: 'GET',
    path: '/api/v1/health/comprehensive',
    timeoutMs: 10_000,
  });
  if (answer.status === 404 || answer.status === 405) return fetchBasicHealth(api);
  const body = readBody(answer, api.describe);
  const parsed = comprehensiveSchema.safeParse(body);
  if (!parsed.success) throw unreadableAnswer(api.describe);

  const reported = new Map(Object.entries(parsed.data.components));
  const names = [
    ...CORE_COMPONENTS,
    ...[...reported.keys()].filter((name) => !(CORE_COMPONENTS as readonly string[]).includes(name)).sort(),
  ];
  const components = names.map((name): CoreComponent => {
    const component = reported.get(name);
    if (component === undefined) {
      return { name, status: 'unknown', latencyMs: null, message: 'Not reported by the platform.' };
    }
    return {
      name: cleanWords(name, 64),
      status: toStatus(component.status),
      latencyMs: component.latency_ms ?? null,
      message: component.message == null ? null : cleanWords(component.message),
    };
  });
  const at = parsed.data.timestamp === undefined ? Number.NaN : parseTime(parsed.data.timestamp);
  const ageSeconds = Math.round((now - at) / 1000);
  return {
    status: toStatus(parsed.data.status),
    components,
    problem:
      ageSeconds > STALE_AFTER_S
        ? `The platform's health page is ${ageSeconds} s old: the server caches it (legacy servers for up to 300 s).`
        : null,
    summary: {
      state: 'components',
      healthy: components.filter((component) => component.status === 'healthy').length,
      total: components.length,
    },
  };
}

async function fetchBasicHealth(api: HttpPort): Promise<CoreHealth> {
  const started = performance.now();
  const answer = await api.request({ method: 'GET', path: '/api/v1/health', timeoutMs: 10_000 });
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const parsed = healthAnswerSchema.safeParse(readBody(answer, api.describe));
  if (!parsed.success) throw unreadableAnswer(api.describe);
  const status = toStatus(parsed.data.status);
  return {
    status,
    components: [
      {
        name: 'api',
        status,
        latencyMs,
        message:
          'Overall status from the basic health page (GET /api/v1/health); legacy servers may cache it for up to 300 s.',
      },
    ],
    problem:
      'This server offers no comprehensive health, so the components cannot be shown one by one. The overall status comes from its basic health page, which legacy servers may cache for up to 300 s.',
    summary: { state: 'basic', status },
  };
}

/** Health pages answer 200 even when something is down; anything else is a failure. */
function readBody(answer: HttpAnswer, what: string): unknown {
  if (answer.status !== 200) throw platformError(answer, what);
  if (answer.malformed) throw unreadableAnswer(what);
  return answer.body;
}
