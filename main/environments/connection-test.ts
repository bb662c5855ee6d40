import { z } from 'zod';
import { OppError } from '../../shared/errors';
import type { ConnectionReport } from '../../shared/domain/environment';
import { HttpClient, type HttpAnswer } from '../http/http-client';

type Check = ConnectionReport['checks'][number];

export interface ConnectionTarget {
  target: Check['target'];
  url: string;
  caFile: string | null;
  headers: Record<string, string>;
}

const TIMEOUT_MS = 8_000;

const apiHealth = z.object({
  status: z.string(),
  version: z.string().optional(),
  service: z.string().optional(),
});
const promBuildInfo = z.object({ status: z.literal('success'), data: z.object({ version: z.string() }) });
const amStatus = z.object({
  versionInfo: z.object({ version: z.string() }).optional(),
  cluster: z.unknown(),
});

const PROBES: Record<Check['target'], { path: string; identify(answer: HttpAnswer): string | null }> = {
  api: {
    path: '/api/v1/health',
    identify: (answer) => {
      const health = apiHealth.safeParse(answer.body);
      if (!health.success) return null;
      return `OPP${health.data.version === undefined ? '' : ` ${health.data.version}`}, ${health.data.status}`;
    },
  },
  prometheus: {
    path: '/api/v1/status/buildinfo',
    identify: (answer) => {
      const info = promBuildInfo.safeParse(answer.body);
      return info.success ? `Prometheus ${info.data.data.version}` : null;
    },
  },
  alertmanager: {
    path: '/api/v2/status',
    identify: (answer) => {
      const status = amStatus.safeParse(answer.body);
      return status.success ? `AlertManager ${status.data.versionInfo?.version ?? ''}`.trim() : null;
    },
  },
};

const NAMES: Record<Check['target'], string> = {
  api: 'an OPP platform API',
  prometheus: 'a Prometheus server',
  alertmanager: 'an AlertManager',
};

/** Checks one server: reachable, trusted, the right kind, and accepting the credentials. */
export async function checkConnection(target: ConnectionTarget, now = Date.now): Promise<Check> {
  const base = { target: target.target, url: target.url };
  const probe = PROBES[target.target];
  const started = now();
  let answer: HttpAnswer;
  try {
    const client = new HttpClient({
      baseUrl: target.url,
      caFile: target.caFile,
      describe: `the server at ${target.url}`,
      timeoutMs: TIMEOUT_MS,
      headers: target.headers,
    });
    try {
      answer = await client.request({ method: 'GET', path: probe.path });
    } finally {
      client.close();
    }
  } catch (error) {
    const latencyMs = now() - started;
    if (!(error instanceof OppError)) throw error;
    if (error.code === 'TLS_UNTRUSTED') return { ...base, outcome: 'tls', message: error.message, latencyMs };
    if (error.details?.['timeout'] === true)
      return { ...base, outcome: 'timeout', message: error.message, latencyMs };
    if (error.code === 'OFFLINE')
      return { ...base, outcome: 'unreachable', message: error.message, latencyMs };
    return { ...base, outcome: 'error', message: error.message, latencyMs };
  }
  const latencyMs = now() - started;
  if (answer.status === 401 || answer.status === 403) {
    return {
      ...base,
      outcome: 'auth',
      message: `The server refused the credentials (HTTP ${answer.status}).`,
      latencyMs,
    };
  }
  const found = answer.status === 200 ? probe.identify(answer) : null;
  if (found === null) {
    return {
      ...base,
      outcome: 'wrong_server',
      message: `Something answers here (HTTP ${answer.status}), but not ${NAMES[target.target]}. Check the address and its path prefix.`,
      latencyMs,
    };
  }
  return { ...base, outcome: 'ok', message: found, latencyMs };
}
