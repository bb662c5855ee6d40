import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { AuditStatus } from '../../../shared/domain/audit-query';
import type { Environment } from '../../../shared/domain/environment';
import type { Capability, Session } from '../../../shared/domain/session';
import type { HttpAnswer, HttpRequest } from '../../http/http-client';
import { MemoryLogger } from '../../log/logger';
import type { UserAdminDeps } from '../user-admin-context';

/**
 * The services' ports for unit tests: `answer` plays the server (throw an OppError to play the
 * network), the session is an admin's unless changed, the clock is the test's.
 */
export function fakeDeps(answer: (request: HttpRequest) => HttpAnswer | Promise<HttpAnswer>) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'user-admin-'));
  const clock = { now: Date.parse('2026-11-27T12:00:00.000Z') };
  const requests: HttpRequest[] = [];
  const pushes: unknown[] = [];
  const state: { session: Session | null } = {
    session: {
      environmentId: 'prod',
      username: 'admin',
      userId: 1,
      role: 'admin',
      permissions: ['read', 'write', 'admin', 'delete', 'manage_users', 'manage_roles', 'view_audit_logs'],
      capabilities: ['refresh', 'user_admin', 'roles_api', 'audit_cursor'] as Capability[],
      expiresAt: '2026-12-01T00:00:00.000Z',
      memoryOnly: false,
    },
  };
  const send = async (request: HttpRequest): Promise<HttpAnswer> => {
    requests.push(request);
    return answer(request);
  };
  const deps: UserAdminDeps = {
    environments: {
      require: (id) => ({ id, apiUrl: 'https://opp.example' }) as Environment,
      get: (id) => ({ id, apiUrl: 'https://opp.example' }) as Environment,
    },
    clients: { apiClient: () => ({ describe: 'the platform API at https://opp.example' }) },
    sessions: {
      get: () => state.session,
      request: (_env, request) => send(request),
      async fetchJson<S extends z.ZodType>(
        _env: string,
        request: HttpRequest,
        schema: S,
      ): Promise<z.output<S>> {
        const got = await send(request);
        if (got.status !== 200) throw new Error(`fake: HTTP ${got.status}`);
        return schema.parse(got.body);
      },
    },
    audit: {
      query: () => ({ rows: [], next: null, total: 0 }),
      status: (environmentId) =>
        ({ environmentId, state: 'idle', mode: 'cursor', eventsHeld: 0 }) as AuditStatus,
      syncNow: () => Promise.resolve({} as AuditStatus),
    },
    cacheFolder: folder,
    push: (name, payload) => pushes.push({ name, payload }),
    log: new MemoryLogger(),
    now: () => clock.now,
  };
  return {
    deps,
    clock,
    requests,
    pushes,
    state,
    cleanup: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

export const ok = (body: unknown, status = 200): HttpAnswer => ({
  status,
  headers: {},
  body,
  malformed: false,
});
