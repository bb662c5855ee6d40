import type { User } from '../../../../shared/domain/user';
import { describeError } from '../../components/error-messages';
import { formatLocalTime } from '../../components/time-words';

export type UserStatusKind = 'active' | 'inactive' | 'locked';

export function isLocked(user: User, now: number): boolean {
  return user.locked_until != null && Date.parse(user.locked_until) > now;
}

/** "Active", "Inactive", "Locked until 14:32" (a lockout that still runs wins). */
export function userStatus(user: User, now: number): { kind: UserStatusKind; words: string } {
  if (isLocked(user, now) && user.locked_until != null) {
    const until = formatLocalTime(new Date(user.locked_until), new Date(now));
    return {
      kind: 'locked',
      words: user.is_active ? `Locked until ${until}` : `Inactive, locked until ${until}`,
    };
  }
  return user.is_active ? { kind: 'active', words: 'Active' } : { kind: 'inactive', words: 'Inactive' };
}

/** Why the server refused a change, in its own words when it gave some (last admin, yourself). */
export function refusalWords(error: unknown): string {
  const { advice, detail } = describeError(error, { write: true });
  return detail ?? advice;
}

/** The fields an edit can change, as the compare view and the bulk preview name them. */
export const FIELD_LABELS = {
  email: 'Email',
  full_name: 'Full name',
  role: 'Role',
  is_active: 'Status',
} as const;
export type EditableField = keyof typeof FIELD_LABELS;

export function fieldValueWords(field: EditableField, value: unknown): string {
  if (field === 'is_active') return value === true ? 'Active' : value === false ? 'Inactive' : '—';
  return typeof value === 'string' && value !== '' ? value : '—';
}

/** A bulk preview's from/to: main may say the active state as 'active'/'true' or 'inactive'/'false'. */
export function bulkValueWords(field: 'is_active' | 'role', value: string | null): string {
  if (value === null) return '—';
  if (field !== 'is_active') return value;
  if (value === 'true' || value === 'active') return 'Active';
  if (value === 'false' || value === 'inactive') return 'Inactive';
  return value;
}
