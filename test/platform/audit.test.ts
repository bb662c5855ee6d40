import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, verifyChain, ZERO_HASH } from './chain-check';
import type { RunningPlatform } from './index';
import { call, eventsAfter, launch, login, obj, readAudit, strongPassword } from './test-helpers';

let platform: RunningPlatform;
let admin: string;
const SEEDED = 2345;

beforeAll(async () => {
  platform = await launch({ users: 40, audit: SEEDED });
  admin = (await login(platform, 'admin')).access_token;
});

describe('the independent chain check itself', () => {
  it('serialises like RFC 8785 for the types events carry', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], é: 'é', A: { z: -3, y: '\u2028"' } })).toBe(
      '{"A":{"y":"\u2028\\"","z":-3},"a":[true,null,"x"],"b":1,"é":"é"}',
    );
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\ufb33': 4 })).toBe(
      '{"\\r":2,"\u20ac":1,"\ud83d\ude00":3,"\ufb33":4}',
    );
  });

  it('finds a broken link, a changed event and a reordering', () => {
    const body = { id: 1, action: 'x', details: {} };
    expect(verifyChain([{ ...body, prev_hash: 'f'.repeat(64), hash: 'a' }])).toMatchObject({
      ok: false,
      reason: 'link',
    });
    expect(verifyChain([{ ...body, prev_hash: ZERO_HASH, hash: 'a' }])).toMatchObject({
      ok: false,
      reason: 'hash',
    });
  });
});

describe('cursor API', () => {
  it('copies the whole log exactly once, in id order, in pages of any size', async () => {
    const events = await readAudit(platform, admin, 500);
    const ids = events.map((e) => e.id);
    expect(ids[0]).toBe(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
    expect(ids.length).toBeGreaterThanOrEqual(SEEDED + 1);
    expect(ids[ids.length - 1]).toBe(ids.length);
    const odd = await readAudit(platform, admin, 777);
    expect(odd.slice(0, ids.length).map((e) => e.id)).toEqual(ids);
  });

  it('answers items, next_after_id and has_more, and resumes from a saved cursor', async () => {
    const first = obj(
      (await call(platform.url, 'GET', '/api/v1/audit-logs?limit=10', { token: admin })).body,
    );
    expect((first.items as unknown[]).length).toBe(10);
    expect(first).toMatchObject({ next_after_id: 10, has_more: true });
    const next = obj(
      (await call(platform.url, 'GET', '/api/v1/audit-logs?after_id=10&limit=5', { token: admin })).body,
    );
    expect((next.items as { id: number }[]).map((e) => e.id)).toEqual([11, 12, 13, 14, 15]);
    const end = obj(
      (await call(platform.url, 'GET', '/api/v1/audit-logs?after_id=999999', { token: admin })).body,
    );
    expect(end).toEqual({ items: [], next_after_id: 999999, has_more: false });
  });

  it('writes a page as JSON.stringify would, keys in the contract’s order, has_more exact at the end', async () => {
    const answer = await call(platform.url, 'GET', '/api/v1/audit-logs?after_id=100&limit=50', {
      token: admin,
    });
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.stringify(JSON.parse(answer.text))).toBe(answer.text);
    const page = obj(answer.body);
    const items = page.items as Record<string, unknown>[];
    expect(Object.keys(items[0] ?? {})).toEqual([
      'id',
      'timestamp',
      'user_id',
      'username',
      'action',
      'resource',
      'resource_id',
      'outcome',
      'ip_address',
      'user_agent',
      'details',
      'session_id',
      'prev_hash',
      'hash',
    ]);
    expect(typeof items[0]?.details).toBe('object');
    expect(page).toMatchObject({ next_after_id: 150, has_more: true });

    const last = (await readAudit(platform, admin)).length;
    const tail = async (limit: number) =>
      obj(
        (
          await call(platform.url, 'GET', `/api/v1/audit-logs?after_id=${last - 5}&limit=${limit}`, {
            token: admin,
          })
        ).body,
      );
    expect(await tail(5)).toMatchObject({ next_after_id: last, has_more: false });
    expect(await tail(4)).toMatchObject({ next_after_id: last - 1, has_more: true });
  });

  it('filters with since (zoned or zoneless) and refuses bad parameters with 422', async () => {
    const all = await readAudit(platform, admin);
    const middle = all[1000];
    if (middle === undefined) throw new Error('seed too small');
    for (const since of [
      middle.timestamp,
      middle.timestamp.replace('Z', ''),
      middle.timestamp.replace('Z', '+00:00'),
    ]) {
      const page = obj(
        (
          await call(
            platform.url,
            'GET',
            `/api/v1/audit-logs?limit=5000&since=${encodeURIComponent(since)}`,
            { token: admin },
          )
        ).body,
      );
      const items = page.items as { id: number; timestamp: string }[];
      expect(items.every((e) => e.timestamp >= middle.timestamp)).toBe(true);
      expect(items.length).toBe(all.filter((e) => e.timestamp >= middle.timestamp).length);
    }
    for (const query of ['limit=5001', 'limit=0', 'after_id=-1', 'since=yesterday', 'limit=ten']) {
      const answer = await call(platform.url, 'GET', `/api/v1/audit-logs?${query}`, { token: admin });
      expect(answer.status, query).toBe(422);
      expect(Array.isArray(obj(answer.body).detail)).toBe(true);
    }
  });

  it('seeds a realistic mix over the 90 days before the anchor, with UTC timestamps', async () => {
    const events = (await readAudit(platform, admin)).slice(0, SEEDED);
    const actions = new Set(events.map((e) => e.action));
    for (const action of ['login_success', 'login_failed', 'token_refreshed', 'logout', 'user_updated']) {
      expect(actions).toContain(action);
    }
    expect(events.some((e) => e.outcome === 'failure')).toBe(true);
    expect(new Set(events.map((e) => e.ip_address)).size).toBeGreaterThan(20);
    expect(new Set(events.map((e) => e.user_agent)).size).toBeGreaterThan(3);
    const first = Date.parse(events[0]?.timestamp ?? '');
    const last = Date.parse(events[events.length - 1]?.timestamp ?? '');
    expect(last - first).toBeGreaterThan(85 * 24 * 3600 * 1000);
    expect(last).toBeLessThanOrEqual(Date.parse('2026-11-01T00:00:00.000Z'));
    expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.timestamp))).toBe(true);
  });
});

describe('hash chain and one event per change', () => {
  it('writes exactly one event per change, and the chain verifies from the first event to the last', async () => {
    const before = (await readAudit(platform, admin)).length;
    const created = obj(
      (
        await call(platform.url, 'POST', '/api/v1/users', {
          token: admin,
          body: {
            username: 'chain.user',
            email: 'chain.user@example.org',
            full_name: 'Zoë “Quote” Ünïcode',
            password: strongPassword(),
            role: 'user',
          },
        })
      ).body,
    );
    const id = created.id as number;
    await call(platform.url, 'PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { role: 'guest' },
      headers: { 'if-match': '1' },
    });
    await call(platform.url, 'POST', `/api/v1/users/${id}/reset-password`, {
      token: admin,
      body: { new_password: strongPassword() },
    });
    await call(platform.url, 'POST', '/api/v1/roles', {
      token: admin,
      body: { name: 'chained', description: 'émoji 🚀', permissions: ['read'] },
    });
    await call(platform.url, 'PATCH', '/api/v1/roles/chained', {
      token: admin,
      body: { permissions: [] },
      headers: { 'if-match': '1' },
    });
    await call(platform.url, 'DELETE', '/api/v1/roles/chained', { token: admin });
    await call(platform.url, 'DELETE', `/api/v1/users/${id}`, { token: admin });
    const all = await readAudit(platform, admin);
    expect(all.slice(before).map((e) => e.action)).toEqual([
      'user_created',
      'user_updated',
      'password_reset',
      'role_created',
      'role_updated',
      'role_deleted',
      'user_deleted',
    ]);
    const verdict = verifyChain(all);
    expect(verdict).toEqual({ ok: true, checked: all.length, head: all[all.length - 1]?.hash });
    expect(all[0]?.prev_hash).toBe(ZERO_HASH);
    expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
  });

  it('a tampered event (--faults tamper=ID) is caught by the independent check at that id', async () => {
    const tampered = await launch({ audit: 300, faults: 'tamper=137' });
    const token = (await login(tampered, 'admin')).access_token;
    const events = await readAudit(tampered, token);
    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 137, reason: 'hash' });
    // Everything before it still verifies, and the chain's links are intact after it.
    expect(verifyChain(events.slice(0, 136)).ok).toBe(true);
    expect(events[137]?.prev_hash).toBe(events[136]?.hash);
  });

  it('a tamper set at run time on a future id takes effect once the event is written', async () => {
    const local = await launch();
    const token = (await login(local, 'admin')).access_token;
    expect(local.tamperAuditEvent(3)).toBe(false);
    await login(local, 'alice');
    await login(local, 'guest');
    const events = await eventsAfter(local, token, 0);
    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 3, reason: 'hash' });
  });
});
