import { SignJWT, decodeJwt } from 'jose';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { userSchema } from '../../shared/domain/user';
import type { RunningPlatform } from './index';
import { call, control, eventsAfter, lastEventId, launch, login, obj } from './test-helpers';

const SECRET = 'auth-test-signing-key-of-enough-length';
let platform: RunningPlatform;
let adminToken: string;

beforeAll(async () => {
  platform = await launch({ jwtSecret: SECRET });
  adminToken = (await login(platform, 'admin')).access_token;
});

describe('login', () => {
  it('answers tokens and the user, with the claims of §1', async () => {
    const answer = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: platform.password },
    });
    expect(answer.status).toBe(200);
    const body = obj(answer.body);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(1800);
    expect(typeof body.refresh_token).toBe('string');
    const user = userSchema.parse(body.user);
    expect(user).toMatchObject({
      username: 'alice',
      role: 'user',
      is_active: true,
      failed_login_attempts: 0,
    });
    expect(user.last_login).toMatch(/Z$/);
    const claims = decodeJwt(body.access_token as string);
    expect(claims).toMatchObject({ sub: 'alice', user_id: user.id, role: 'user', type: 'access' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(1800);
    expect(typeof claims.jti).toBe('string');
  });

  it('writes exactly one event per outcome and never the password', async () => {
    const before = await lastEventId(platform, adminToken);
    await login(platform, 'guest');
    const wrong = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'guest', password: 'Wrong-Password-1!' },
    });
    const unknown = await call(platform.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody-here', password: 'Wrong-Password-2!' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(obj(wrong.body).detail).toBe('Incorrect username or password');
    expect(unknown.status).toBe(401);
    const events = await eventsAfter(platform, adminToken, before);
    expect(events.map((e) => [e.action, e.outcome, e.username])).toEqual([
      ['login_success', 'success', 'guest'],
      ['login_failed', 'failure', 'guest'],
      ['login_failed', 'failure', null],
    ]);
    expect(events[2]?.user_id).toBeNull();
    expect(events[2]?.details).toMatchObject({ username: 'nobody-here', reason: 'unknown_user' });
    const text = JSON.stringify(events);
    expect(text).not.toContain('Wrong-Password');
    expect(text).not.toContain(platform.password);
  });

  it('answers 422 in FastAPI shape for a missing field or broken JSON', async () => {
    const missing = await call(platform.url, 'POST', '/api/v1/auth/login', { body: { username: 'alice' } });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [{ loc: ['body', 'password'], msg: 'Field required', type: 'missing' }],
    });
    const broken = await fetch(`${platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    expect(broken.status).toBe(422);
    const detail = obj(await broken.json()).detail as { type: string }[];
    expect(detail[0]?.type).toBe('json_invalid');
  });
});

describe('lockout', () => {
  it('locks after 5 failures (423 with locked_until), writes one account_locked, and unlock clears it', async () => {
    // A fresh server: earlier tests' failures would count towards this window.
    const local = await launch();
    const token = (await login(local, 'admin')).access_token;
    const before = await lastEventId(local, token);
    const statuses: number[] = [];
    let lockBody: Record<string, unknown> = {};
    for (let i = 0; i < 5; i += 1) {
      const answer = await call(local.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'guest', password: `Wrong-Guess-${i}!` },
      });
      statuses.push(answer.status);
      lockBody = obj(answer.body);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    expect(lockBody.code).toBe('account_locked');
    const lockedUntil = Date.parse(lockBody.locked_until as string);
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    // Even the right password is refused while locked.
    const right = await call(local.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'guest', password: local.password },
    });
    expect(right.status).toBe(423);
    expect(obj(right.body).locked_until).toBe(lockBody.locked_until);

    const events = await eventsAfter(local, token, before);
    expect(events.map((e) => e.action)).toEqual([
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'account_locked',
      'login_failed',
    ]);
    expect(events[5]?.details).toEqual({ reason: 'account_locked' });

    const users = await call(local.url, 'GET', '/api/v1/users?q=guest', { token });
    const guest = userSchema.parse((obj(users.body).items as unknown[])[0]);
    expect(guest.locked_until).toBe(lockBody.locked_until);
    expect(guest.failed_login_attempts).toBe(5);

    const unlock = await call(local.url, 'POST', `/api/v1/users/${guest.id}/unlock`, { token });
    expect(unlock.status).toBe(204);
    const after = await eventsAfter(local, token, events[5]?.id ?? 0);
    expect(after.map((e) => e.action)).toEqual(['user_unlocked']);
    expect((await login(local, 'guest')).user.failed_login_attempts).toBe(0);
  });

  it('starts a new window when the first failure is older than 15 minutes, and a lock expires', async () => {
    const local = await launch();
    for (let i = 0; i < 4; i += 1) {
      await call(local.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'Bad-Passw0rd!!' },
      });
    }
    local.advanceClock(15 * 60 * 1000 + 1000);
    const fifth = await call(local.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: 'Bad-Passw0rd!!' },
    });
    expect(fifth.status).toBe(401);
    for (let i = 0; i < 4; i += 1) {
      await call(local.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'Bad-Passw0rd!!' },
      });
    }
    const locked = await call(local.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: local.password },
    });
    expect(locked.status).toBe(423);
    await control(local, 'POST', '/clock', { advance_ms: 15 * 60 * 1000 + 1000 });
    expect((await login(local, 'alice')).user.locked_until).toBeNull();
  });
});

describe('refresh, logout and /me', () => {
  it('rotates refresh tokens and revokes the whole family on reuse', async () => {
    const first = await login(platform, 'alice');
    const rotated = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first.refresh_token },
    });
    expect(rotated.status).toBe(200);
    const second = obj(rotated.body);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.expires_in).toBe(1800);
    expect(
      (await call(platform.url, 'GET', '/api/v1/auth/me', { token: second.access_token as string })).status,
    ).toBe(200);

    const before = await lastEventId(platform, adminToken);
    const reused = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first.refresh_token },
    });
    expect(reused.status).toBe(401);
    expect(obj(reused.body).code).toBe('refresh_reused');
    // The token the rotation gave is from the same family: revoked too.
    const sibling = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: second.refresh_token },
    });
    expect(sibling.status).toBe(401);
    expect(obj(sibling.body).code).toBe('refresh_revoked');
    const me = await call(platform.url, 'GET', '/api/v1/auth/me', { token: second.access_token as string });
    expect(me.status).toBe(401);
    expect(obj(me.body).code).toBe('session_revoked');
    const events = await eventsAfter(platform, adminToken, before);
    expect(events.map((e) => [e.action, e.outcome, e.username])).toEqual([
      ['refresh_reused', 'failure', 'alice'],
    ]);
  });

  it('writes token_refreshed once per rotation and rejects unknown tokens', async () => {
    const tokens = await login(platform, 'alice');
    const before = await lastEventId(platform, adminToken);
    await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    const unknown = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: 'not-a-token' },
    });
    expect(unknown.status).toBe(401);
    expect(obj(unknown.body).code).toBe('invalid_refresh_token');
    const events = await eventsAfter(platform, adminToken, before);
    expect(events.map((e) => e.action)).toEqual(['token_refreshed']);
  });

  it('logout answers 204, ends the family and the session, and writes one event', async () => {
    const tokens = await login(platform, 'alice');
    const before = await lastEventId(platform, adminToken);
    const out = await call(platform.url, 'POST', '/api/v1/auth/logout', {
      token: tokens.access_token,
      body: { refresh_token: tokens.refresh_token },
    });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    const refresh = await call(platform.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(refresh.status).toBe(401);
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: tokens.access_token })).status).toBe(
      401,
    );
    const again = await call(platform.url, 'POST', '/api/v1/auth/logout', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(again.status).toBe(204);
    const events = await eventsAfter(platform, adminToken, before);
    expect(events.map((e) => e.action)).toEqual(['logout']);
  });

  it('GET /me answers the caller with version, updated_at and locked_until', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/auth/me', { token: adminToken });
    expect(answer.status).toBe(200);
    const me = userSchema.parse(answer.body);
    expect(me.username).toBe('admin');
    expect(me.permissions).toContain('manage_roles');
    expect(typeof me.version).toBe('number');
    expect(me).toHaveProperty('locked_until', null);
  });
});

describe('bad tokens', () => {
  const key = new TextEncoder().encode(SECRET);
  const forge = (claims: Record<string, unknown>, exp: number): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .setIssuedAt()
      .setExpirationTime(exp)
      .setJti('forged')
      .sign(key);

  it.each([
    ['no token', undefined, 'Not authenticated'],
    ['garbage', 'not.a.jwt', 'Could not validate credentials'],
    ['bad signature', 'SIGN', 'Could not validate credentials'],
  ])('%s: 401 with WWW-Authenticate', async (_name, token, detail) => {
    let bearer = token;
    if (token === 'SIGN')
      bearer = `${adminToken.slice(0, adminToken.lastIndexOf('.'))}.AAAA${adminToken.slice(-10)}`;
    const answer = await call(
      platform.url,
      'GET',
      '/api/v1/auth/me',
      bearer === undefined ? {} : { token: bearer },
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(obj(answer.body).detail).toBe(detail);
  });

  it('refuses a refresh token as bearer and a JWT whose type is not access', async () => {
    const tokens = await login(platform, 'alice');
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: tokens.refresh_token })).status).toBe(
      401,
    );
    const sid = decodeJwt(adminToken).sid;
    const refreshType = await forge(
      { user_id: 1, role: 'admin', type: 'refresh', sid },
      Math.floor(Date.now() / 1000) + 600,
    );
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: refreshType })).status).toBe(401);
    const good = await forge(
      { user_id: 1, role: 'admin', type: 'access', sid },
      Math.floor(Date.now() / 1000) + 600,
    );
    expect((await call(platform.url, 'GET', '/api/v1/auth/me', { token: good })).status).toBe(200);
    const expired = await forge(
      { user_id: 1, role: 'admin', type: 'access', sid },
      Math.floor(Date.now() / 1000) - 5,
    );
    const answer = await call(platform.url, 'GET', '/api/v1/auth/me', { token: expired });
    expect(answer.status).toBe(401);
    expect(obj(answer.body).code).toBe('token_expired');
  });

  it('a short access TTL expires, and refresh gives a working token again', async () => {
    const short = await launch({ accessTtlSeconds: 1 });
    const tokens = await login(short, 'alice');
    expect(tokens.expires_in).toBe(1);
    await sleep(2100);
    const expired = await call(short.url, 'GET', '/api/v1/auth/me', { token: tokens.access_token });
    expect(expired.status).toBe(401);
    expect(obj(expired.body).code).toBe('token_expired');
    const refreshed = await call(short.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    const me = await call(short.url, 'GET', '/api/v1/auth/me', {
      token: obj(refreshed.body).access_token as string,
    });
    expect(me.status).toBe(200);
  });

  it('a refresh token expires after 7 days', async () => {
    const local = await launch();
    const tokens = await login(local, 'alice');
    local.advanceClock(7 * 24 * 3600 * 1000 + 1000);
    const answer = await call(local.url, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(answer.status).toBe(401);
    expect(obj(answer.body).code).toBe('refresh_expired');
  });
});
