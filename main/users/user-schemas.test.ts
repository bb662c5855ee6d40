import { describe, expect, it } from 'vitest';
import { legacyUsersAnswerSchema, serverUserSchema, userPageAnswerSchema } from './user-schemas';
import { sampleUser } from './testing/sample-users';

describe('users as the server sends them', () => {
  it('reads a legacy user: zoneless times are UTC, and the fields it lacks stay absent', () => {
    const { version: _v, updated_at: _u, locked_until: _l, ...legacy } = sampleUser(3);
    const parsed = serverUserSchema.parse({
      ...legacy,
      created_at: '2026-11-27T13:09:19.123456',
      last_login: '2026-11-27 14:00:00',
      secret_column: 'dropped',
    });
    expect(parsed.created_at).toBe('2026-11-27T13:09:19.123Z');
    expect(parsed.last_login).toBe('2026-11-27T14:00:00.000Z');
    expect(parsed).not.toHaveProperty('version');
    expect(parsed).not.toHaveProperty('secret_column');
  });

  it('normalises zoned times to UTC and refuses what is not a time', () => {
    expect(
      serverUserSchema.parse({ ...sampleUser(1), locked_until: '2026-11-27T15:00:00+02:00' }).locked_until,
    ).toBe('2026-11-27T13:00:00.000Z');
    expect(serverUserSchema.safeParse({ ...sampleUser(1), created_at: 'yesterday' }).success).toBe(false);
  });

  it('bounds what an untrusted server may send', () => {
    expect(serverUserSchema.safeParse({ ...sampleUser(1), username: 'x'.repeat(101) }).success).toBe(false);
    expect(
      serverUserSchema.safeParse({ ...sampleUser(1), permissions: Array(201).fill('read') }).success,
    ).toBe(false);
    expect(serverUserSchema.safeParse({ ...sampleUser(1), id: -1 }).success).toBe(false);
    const page = (n: number) => ({ items: Array.from({ length: n }, (_, i) => sampleUser(i + 1)), total: n });
    expect(userPageAnswerSchema.safeParse(page(500)).success).toBe(true);
    expect(userPageAnswerSchema.safeParse(page(501)).success).toBe(false);
    expect(legacyUsersAnswerSchema.safeParse({ users: 'many' }).success).toBe(false);
  });
});
