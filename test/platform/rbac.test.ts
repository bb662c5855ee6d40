import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from './index';
import { call, launch, login } from './test-helpers';

/**
 * Who may call what (platform-api.md §2-§4). Each row is a call; each column the status one
 * caller gets. Calls that would change something target an absent id or an invalid body, so
 * an allowed caller gets 404/422 (past the permission check) and the data stays as it was.
 */
type Caller = 'admin' | 'auditor' | 'user' | 'guest' | 'none' | 'bad';
const CALLERS: Caller[] = ['admin', 'auditor', 'user', 'guest', 'none', 'bad'];

const MATRIX: [string, string, Record<string, unknown> | undefined, number[]][] = [
  // method, path, body, statuses for admin, auditor, user, guest, no token, bad token
  ['GET', '/api/v1/auth/me', undefined, [200, 200, 200, 200, 401, 401]],
  ['GET', '/api/v1/users', undefined, [200, 403, 403, 403, 401, 401]],
  ['GET', '/api/v1/users/999999', undefined, [404, 403, 403, 403, 401, 401]],
  ['POST', '/api/v1/users', {}, [422, 403, 403, 403, 401, 401]],
  ['PATCH', '/api/v1/users/999999', {}, [404, 403, 403, 403, 401, 401]],
  ['DELETE', '/api/v1/users/999999', undefined, [404, 403, 403, 403, 401, 401]],
  ['POST', '/api/v1/users/999999/reset-password', {}, [404, 403, 403, 403, 401, 401]],
  ['POST', '/api/v1/users/999999/unlock', undefined, [404, 403, 403, 403, 401, 401]],
  ['GET', '/api/v1/permissions', undefined, [200, 200, 200, 200, 401, 401]],
  ['GET', '/api/v1/roles', undefined, [200, 200, 200, 200, 401, 401]],
  ['POST', '/api/v1/roles', {}, [422, 403, 403, 403, 401, 401]],
  ['PATCH', '/api/v1/roles/absent-role', {}, [404, 403, 403, 403, 401, 401]],
  ['DELETE', '/api/v1/roles/absent-role', undefined, [404, 403, 403, 403, 401, 401]],
  ['GET', '/api/v1/audit-logs?limit=1', undefined, [200, 200, 403, 403, 401, 401]],
  ['GET', '/api/v1/health', undefined, [200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/health/comprehensive', undefined, [200, 200, 200, 200, 200, 200]],
];

let platform: RunningPlatform;
const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  platform = await launch();
  for (const name of ['admin', 'auditor', 'user', 'guest'] as const) {
    tokens.set(name, (await login(platform, name === 'user' ? 'alice' : name)).access_token);
  }
  tokens.set('none', undefined);
  tokens.set('bad', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl');
});

describe('RBAC', () => {
  it.each(MATRIX)('%s %s', async (method, path, body, expected) => {
    const got: number[] = [];
    for (const caller of CALLERS) {
      const token = tokens.get(caller);
      const answer = await call(platform.url, method, path, {
        ...(token === undefined ? {} : { token }),
        ...(body === undefined ? {} : { body }),
      });
      got.push(answer.status);
      if (answer.status === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      if (answer.status === 403)
        expect(answer.body).toMatchObject({ detail: expect.any(String), code: 'forbidden' });
    }
    expect(got).toEqual(expected);
  });
});
