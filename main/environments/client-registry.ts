import type { Environment } from '../../shared/domain/environment';
import { HttpClient } from '../http/http-client';
import type { SecretStore } from '../secrets/secret-store';
import type { KeychainAccounts } from '../session/token-record';

export type MonitoringKind = 'prometheus' | 'alertmanager';

/** The Authorization header for a monitoring gateway, from the target and its stored secret. */
export function monitoringAuthHeader(
  target: { auth: 'none' | 'basic' | 'bearer'; username?: string | undefined },
  secret: string | null,
): Record<string, string> {
  if (target.auth === 'none' || secret === null) return {};
  if (target.auth === 'bearer') return { Authorization: `Bearer ${secret}` };
  return { Authorization: `Basic ${Buffer.from(`${target.username ?? ''}:${secret}`).toString('base64')}` };
}

/**
 * One HTTP client per environment and server, built on first use and dropped when the
 * environment changes (its URL, CA file or credentials) or is deleted.
 */
export class ClientRegistry {
  private readonly api = new Map<string, HttpClient>();
  private readonly monitoring = new Map<string, HttpClient>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly accounts: KeychainAccounts,
  ) {}

  apiClient(environment: Environment): HttpClient {
    let client = this.api.get(environment.id);
    if (client === undefined) {
      client = new HttpClient({
        baseUrl: environment.apiUrl,
        caFile: environment.caFile,
        describe: `the platform API at ${environment.apiUrl}`,
      });
      this.api.set(environment.id, client);
    }
    return client;
  }

  /** A client for the environment's Prometheus or AlertManager; null when none is configured. */
  async monitoringClient(environment: Environment, kind: MonitoringKind): Promise<HttpClient | null> {
    const target = environment[kind];
    if (target === null) return null;
    const key = `${environment.id}/${kind}`;
    let client = this.monitoring.get(key);
    if (client === undefined) {
      const secret = await this.secrets.get(this.accounts.monitoring(environment.id, kind));
      client = new HttpClient({
        baseUrl: target.url,
        caFile: environment.caFile,
        describe: `${kind === 'prometheus' ? 'Prometheus' : 'AlertManager'} at ${target.url}`,
        headers: monitoringAuthHeader(target, secret),
      });
      this.monitoring.set(key, client);
    }
    return client;
  }

  invalidate(environmentId: string): void {
    for (const [key, client] of [...this.api, ...this.monitoring]) {
      if (key === environmentId || key.startsWith(`${environmentId}/`)) {
        client.close();
        this.api.delete(key);
        this.monitoring.delete(key);
      }
    }
  }

  dispose(): void {
    for (const client of [...this.api.values(), ...this.monitoring.values()]) client.close();
    this.api.clear();
    this.monitoring.clear();
  }
}
