import type { Capability } from '../../shared/domain/session';
import type { HttpAnswer, HttpClient } from '../http/http-client';
import type { Logger } from '../log/logger';

/** A path "exists" when the server answers anything but 404/405 (403 means it is there, but not for us). */
function exists(answer: HttpAnswer): boolean {
  return answer.status !== 404 && answer.status !== 405 && answer.status < 500;
}

/**
 * Learns what a server offers (platform-api.md §8) with cheap requests, once per session.
 * A probe that fails (network, 5xx) counts as "not offered": the screen then says so, which is
 * better than a button that fails later.
 */
export async function probeCapabilities(
  http: HttpClient,
  accessToken: string,
  hasRefresh: boolean,
  log: Logger,
  environmentId: string,
): Promise<Capability[]> {
  const get = (path: string, query?: Record<string, string | number>): Promise<HttpAnswer | null> =>
    http
      .request({
        method: 'GET',
        path,
        query,
        headers: { Authorization: `Bearer ${accessToken}` },
        timeoutMs: 10_000,
      })
      .catch(() => null);

  const [users, roles, cursor, legacyAudit, comprehensive] = await Promise.all([
    get('/api/v1/users', { limit: 1 }),
    get('/api/v1/roles'),
    get('/api/v1/audit-logs', { after_id: 0, limit: 1 }),
    get('/api/v1/auth/audit-logs', { skip: 0, limit: 1 }),
    get('/api/v1/health/comprehensive'),
  ]);

  const found: Capability[] = [];
  if (hasRefresh) found.push('refresh');
  if (users !== null && exists(users)) found.push('user_admin');
  if (roles !== null && exists(roles)) found.push('roles_api');
  if (cursor !== null && exists(cursor)) {
    found.push('audit_cursor');
    const first = (cursor.body as { items?: { hash?: unknown }[] } | undefined)?.items?.[0];
    if (typeof first?.hash === 'string') found.push('audit_hash_chain');
  } else if (legacyAudit !== null && exists(legacyAudit)) {
    found.push('audit_legacy');
  }
  if (comprehensive?.status === 200) found.push('health_comprehensive');
  log.info('session: capabilities probed', { env: environmentId, capabilities: found });
  return found;
}
