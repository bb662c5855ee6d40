import { describe, expect, it } from 'vitest';
import { auditEventSchema } from '../../shared/domain/audit';
import { CONTRACT_FIELDS } from './audit-canonical';
import { cursorPage, cursorPageSchema, isCursorPage } from './audit-fetch';
import { chainedEvents } from './audit-test-events';

function page(): Record<string, unknown> {
  const items = chainedEvents(Array.from({ length: 4 }, (_, i) => ({ id: i + 1 }))).map(
    ({ extra: _extra, ...wire }) => wire,
  );
  return JSON.parse(JSON.stringify({ items, next_after_id: 4, has_more: false })) as Record<string, unknown>;
}

/** Values a server could put anywhere, and a few JSON cannot carry. */
const ODD_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  '2026-01-01T00:00:00.000Z',
  'success',
  'failure',
  'Success',
  true,
  [],
  {},
  { a: 1 },
  [1, 2],
  Object.create(null) as object,
  new Date(0),
];

describe('the cursor page check', () => {
  it('knows the contract’s fields', () => {
    expect([...CONTRACT_FIELDS].sort()).toEqual(Object.keys(auditEventSchema.shape).sort());
  });

  it('passes what the schema passes, and never what it refuses', () => {
    const cases: unknown[] = [page(), { ...page(), extra_top: 1 }, null, [], 'page', { items: [] }];
    const base = page();
    const items = base['items'] as Record<string, unknown>[];
    for (const field of [...CONTRACT_FIELDS, 'tenant']) {
      for (const value of ODD_VALUES) {
        const changed = structuredClone(items);
        const first = changed[1] as Record<string, unknown>;
        if (value === undefined) delete first[field];
        else first[field] = value;
        cases.push({ ...base, items: changed });
      }
    }
    for (const value of ODD_VALUES) {
      cases.push({ ...base, next_after_id: value }, { ...base, has_more: value }, { ...base, items: value });
      cases.push({ ...base, items: [...items, value] });
    }
    cases.push({ ...base, items: Array.from({ length: 5001 }, () => items[0]) });
    cases.push({ ...base, items: Array.from({ length: 5000 }, () => items[0]) });
    let passed = 0;
    for (const input of cases) {
      const schema = cursorPageSchema.safeParse(input).success;
      if (isCursorPage(input)) expect(schema, JSON.stringify(input)?.slice(0, 300)).toBe(true);
      // Stricter only where JSON.parse never goes: a details object without Object's prototype.
      else if (schema)
        expect(
          Object.getPrototypeOf(((input as typeof base)['items'] as { details: object }[])[1]?.details ?? {}),
        ).toBeNull();
      // What the sync uses decides exactly as the schema does.
      expect(cursorPage.safeParse(input).success).toBe(schema);
      if (schema) passed += 1;
    }
    expect(passed).toBeGreaterThan(20);
    expect(isCursorPage(page())).toBe(true);
  });

  it('answers the page as parsed, not a copy', () => {
    const input = page();
    const parsed = cursorPage.parse(input);
    expect(parsed).toBe(input);
  });
});
