import type { User } from '../../../shared/domain/user';

/** A user as the full API sends it, with what a test cares about changed. */
export function sampleUser(id: number, overrides: Partial<User> = {}): User {
  return {
    id,
    username: `user${id}`,
    email: `user${id}@example.test`,
    full_name: `User ${id}`,
    role: 'user',
    permissions: ['read', 'write', 'edit_profile', 'change_password'],
    is_active: true,
    is_verified: true,
    created_at: `2026-01-${String((id % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
    updated_at: null,
    last_login: null,
    failed_login_attempts: 0,
    locked_until: null,
    version: 1,
    ...overrides,
  };
}
