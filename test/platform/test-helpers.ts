import { afterAll } from 'vitest';
import { auditEventSchema } from '../../shared/domain/audit';
import type { AuditEvent } from '../../shared/domain/audit';
import { CONTROL_HEADER, startPlatform } from './index';
import type { PlatformOptions, RunningPlatform } from './index';

/** Starts a platform that is stopped when the test file ends. */
export async function launch(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const platform = await startPlatform(options);
  afterAll(() => platform.stop());
  return platform;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  text: string;
}

export interface CallInit {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call over loopback with global fetch: no client library between test and server. */
export async function call(base: string, method: string, path: string, init: CallInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    text,
  };
}

/** Narrow an unknown JSON body to a record for property checks. */
export function obj(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`Expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: Record<string, unknown>;
}

export async function login(
  platform: RunningPlatform,
  username: string,
  password = platform.password,
): Promise<Tokens> {
  const answer = await call(platform.url, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`login ${username}: HTTP ${answer.status} ${answer.text}`);
  return answer.body as Tokens;
}

export async function control(
  platform: RunningPlatform,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return call(platform.url, method, `/__test${path}`, {
    headers: { [CONTROL_HEADER]: platform.controlKey },
    ...(body === undefined ? {} : { body }),
  });
}

/** Copies the whole log through the cursor API, checking each page's shape on the way. */
export async function readAudit(
  platform: RunningPlatform,
  token: string,
  limit = 5000,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let afterId = 0;
  for (;;) {
    const answer = await call(platform.url, 'GET', `/api/v1/audit-logs?after_id=${afterId}&limit=${limit}`, {
      token,
    });
    if (answer.status !== 200)
      throw new Error(`audit page after ${afterId}: HTTP ${answer.status} ${answer.text}`);
    const page = obj(answer.body);
    const items = (page.items as unknown[]).map((item) => auditEventSchema.parse(item));
    events.push(...items);
    afterId = page.next_after_id as number;
    if (page.has_more !== true) return events;
  }
}

/** Events written after `afterId`, to check what one action wrote. */
export async function eventsAfter(
  platform: RunningPlatform,
  token: string,
  afterId: number,
): Promise<AuditEvent[]> {
  const answer = await call(platform.url, 'GET', `/api/v1/audit-logs?after_id=${afterId}&limit=5000`, {
    token,
  });
  if (answer.status !== 200) throw new Error(`audit: HTTP ${answer.status} ${answer.text}`);
  return (obj(answer.body).items as unknown[]).map((item) => auditEventSchema.parse(item));
}

export async function lastEventId(platform: RunningPlatform, token: string): Promise<number> {
  const events = await readAudit(platform, token);
  return events[events.length - 1]?.id ?? 0;
}

/** A password that meets the policy, different per call. */
let counter = 0;
export function strongPassword(): string {
  counter += 1;
  return `Str0ng-Passw0rd-${counter}!`;
}
