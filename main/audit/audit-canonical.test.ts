import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalBody } from './audit-canonical';

/** What the package makes of an event's hashed body, or the message it throws. */
function reference(event: Record<string, unknown>): string {
  const { hash: _hash, prev_hash: _prev, ...body } = event;
  try {
    return canonicalize(body) ?? 'undefined';
  } catch (error) {
    return `throws: ${(error as Error).message}`;
  }
}

function ours(event: Record<string, unknown>): string {
  try {
    return canonicalBody(event);
  } catch (error) {
    return `throws: ${(error as Error).message}`;
  }
}

/** An event in the contract's shape, fields in the server's order, as JSON.parse makes it. */
function wireEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      id: 42,
      timestamp: '2026-11-27T13:09:19.123Z',
      user_id: 7,
      username: 'omar.virtanen2',
      action: 'login_failed',
      resource: 'auth',
      resource_id: '470',
      outcome: 'failure',
      ip_address: '198.51.100.234',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
      details: { reason: 'bad_password', failed_attempts: 4 },
      session_id: '5d8b074b-3ba8-4c60-aee9-5b94eb9b203b',
      prev_hash: '0'.repeat(64),
      hash: 'f'.repeat(64),
      ...overrides,
    }),
  ) as Record<string, unknown>;
}

const TRICKY_DETAILS: unknown[] = [
  null,
  {},
  [],
  { b: 1, a: 2, A: 3, _: 4, aa: 5, 'a-b': 6 },
  // Integer-like keys: an object enumerates them first, numerically; JCS sorts them as strings.
  { '10': 'ten', '9': 'nine', '1a': 'x', '': 'empty', '-1': 'minus' },
  { '\u00e9': 1, e: 2, 'e\u0301': 3, '😀': 4, ｚ: 5, '\u0000': 6, '\u007f': 7 },
  { numbers: [0, -0, 1, -1, 0.1, 0.1 + 0.2, 1e21, 1e-7, 1e-6, 123456789012345680000, 5e-324] },
  { numbers: [Number.MAX_SAFE_INTEGER + 2, 1.7976931348623157e308, -1.5e-300, 100, 1e100, 2 ** 53] },
  { text: 'quote " backslash \\ slash / controls \u0000\u0001\u001f\t\n\r\b\f del \u007f' },
  { text: 'line sep \u2028 para sep \u2029 bom \ufeff nbsp \u00a0' },
  { text: 'astral 😀 𝄞 combining é CJK 漢字 rtl שלום' },
  { nested: { z: [1, { y: [true, false, null], x: {} }], a: { c: { b: 'deep' } } } },
  { arrays: [[], [[]], [{}], [null, 'x', 2, true]] },
];

describe('the canonical form of an event', () => {
  it('is the package’s, byte for byte, on tricky details', () => {
    for (const details of TRICKY_DETAILS) {
      const event = wireEvent({ details });
      expect(ours(event), JSON.stringify(details)).toBe(reference(event));
    }
  });

  it('is the package’s on tricky strings and numbers in every field', () => {
    const values: unknown[] = ['', 'ünïcödé', '😀', 'a"b\\c\u0001', '\u2028', 0, -0, 1e21, 0.5, null, true];
    for (const field of ['username', 'action', 'resource', 'ip_address', 'user_agent', 'user_id', 'id']) {
      for (const value of values) {
        const event = wireEvent({ [field]: value });
        expect(ours(event), `${field}=${JSON.stringify(value)}`).toBe(reference(event));
      }
    }
  });

  it('refuses lone surrogates as the package does', () => {
    // Only reachable from JSON text through escapes: JSON.parse makes lone surrogates of them.
    const event = JSON.parse(
      JSON.stringify(wireEvent()).replace('"omar.virtanen2"', '"a\\ud800b"'),
    ) as Record<string, unknown>;
    expect(reference(event)).toMatch(/^throws/);
    expect(ours(event)).toBe(reference(event));
    const key = JSON.parse(
      JSON.stringify(wireEvent({ details: { x: 1 } })).replace('"x"', '"\\udc00"'),
    ) as Record<string, unknown>;
    expect(ours(key)).toBe(reference(key));
    expect(ours(key)).toMatch(/^throws/);
  });

  it('covers unknown fields, missing fields and a `__proto__` key', () => {
    const cases: Record<string, unknown>[] = [
      wireEvent({ tenant: 'blue', '10': 1, zzz: { b: 1, a: 2 }, Action: 'x' }),
      { id: 1, timestamp: '2026-01-01T00:00:00.000Z', action: 'x', prev_hash: null, hash: null },
      JSON.parse(JSON.stringify(wireEvent()).replace('"details":{', '"details":{"__proto__":{"a":1},')),
      JSON.parse(JSON.stringify(wireEvent()).replace('"id":42,', '"id":42,"__proto__":"top",')),
    ];
    const noSessionId = wireEvent();
    delete noSessionId['session_id'];
    cases.push(noSessionId);
    for (const event of cases) expect(ours(event), JSON.stringify(event)).toBe(reference(event));
    expect(ours(cases[2] as Record<string, unknown>)).toContain('"__proto__":{"a":1}');
  });

  it('hands what JSON.parse cannot make to the package', () => {
    const cases: Record<string, unknown>[] = [
      wireEvent({ details: undefined }),
      { ...wireEvent(), details: { when: new Date(0), skip: undefined } },
      { ...wireEvent(), details: { value: NaN } },
      { ...wireEvent(), id: Infinity },
    ];
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i += 1) deep = i % 2 === 0 ? [deep] : { level: deep };
    cases.push(wireEvent({ details: { deep } }));
    for (const event of cases) expect(ours(event)).toBe(reference(event));
  });

  it('agrees with the package on random JSON', () => {
    let seed = 20261127;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['a', 'B', '0', '9', ' ', '"', '\\', '\n', '\u0001', 'é', '😀', '\u2028', '_', '-'];
    const text = (): string =>
      Array.from(
        { length: Math.floor(random() * 6) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    const number = (): number => {
      const kinds = [
        () => Math.floor(random() * 1000) - 500,
        () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20),
        () => Number.MAX_SAFE_INTEGER * random(),
        () => -0,
      ];
      return (kinds[Math.floor(random() * kinds.length)] as () => number)();
    };
    const value = (depth: number): unknown => {
      const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
      if (pick === 0) return null;
      if (pick === 1) return random() < 0.5;
      if (pick === 2) return number();
      if (pick === 3) return text();
      if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i -= 1) {
        object[random() < 0.2 ? String(Math.floor(random() * 20)) : text()] = value(depth + 1);
      }
      return object;
    };
    for (let i = 0; i < 3000; i += 1) {
      const event = wireEvent({
        details: value(1),
        username: text(),
        user_id: random() < 0.3 ? null : number(),
      });
      if (random() < 0.2) event[text() || 'x'] = value(2);
      const parsed = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
      expect(ours(parsed)).toBe(reference(parsed));
    }
  });
});
