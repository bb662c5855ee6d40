import { BUILT_IN_LIMITS, type Role } from '../../shared/domain/role';
import type { User } from '../../shared/domain/user';
import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import { serverWords } from '../http/http-errors';
import { platformError } from '../platform/platform-errors';

/**
 * Errors of user and role administration in the administrator's words: what the server refused,
 * why, and what to do. The 409 reasons come from the server's stable `code` (reference platform
 * README): `last_admin`, `cannot_delete_self`, `conflict`, `built_in_role`, `role_in_use`.
 */

export function isOffline(error: unknown): error is OppError {
  return error instanceof OppError && error.code === 'OFFLINE';
}

/** A write that could not reach the server: the same error, saying that writes wait for it. */
export function offlineWrite(error: OppError): OppError {
  return new OppError(
    'OFFLINE',
    `${error.message} Users and roles are read-only until the connection is back; nothing was changed.`,
    error.details,
  );
}

function codeOf(body: unknown): string | null {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function quoted(words: string | null): string {
  return words === null ? '' : ` (the server said: "${words}")`;
}

/** A refused user write (anything but 412, which needs the current user: see versionMismatch). */
export function userWriteError(answer: HttpAnswer, what: string): OppError {
  if (answer.status !== 409) return platformError(answer, what);
  const words = serverWords(answer.body);
  const code = codeOf(answer.body);
  switch (code) {
    case 'last_admin':
      return new OppError(
        'CONFLICT',
        `This would leave the platform without an active admin${quoted(words)}. Make another user an active admin first, then try again.`,
        { reason: 'last_admin' },
      );
    case 'cannot_delete_self':
      return new OppError(
        'CONFLICT',
        'You cannot delete your own account. Ask another administrator to do it.',
        { reason: 'cannot_delete_self' },
      );
    case 'conflict':
      return new OppError(
        'CONFLICT',
        `That username or email is already in use${quoted(words)}. Choose another.`,
        { reason: 'taken' },
      );
    default:
      return new OppError('CONFLICT', `${what} refused the change${quoted(words)}.`, {
        reason: code ?? 'conflict',
      });
  }
}

/** A refused role write (not 412). */
export function roleWriteError(answer: HttpAnswer, what: string, name: string): OppError {
  if (answer.status !== 409) return platformError(answer, what);
  const words = serverWords(answer.body);
  const code = codeOf(answer.body);
  switch (code) {
    case 'built_in_role':
      return new OppError('CONFLICT', words === null ? BUILT_IN_LIMITS.deleteOrRename : `${words}.`, {
        reason: 'built_in_role',
      });
    case 'role_in_use': {
      const count = (answer.body as { user_count?: unknown }).user_count;
      const users =
        typeof count === 'number' && Number.isInteger(count) && count > 0
          ? `${count} user${count === 1 ? '' : 's'}`
          : 'some users';
      return new OppError(
        'CONFLICT',
        `The role "${name}" is still assigned to ${users}. Give them another role first, then delete it.`,
        { reason: 'role_in_use', ...(users === 'some users' ? {} : { userCount: count }) },
      );
    }
    case 'conflict':
      return new OppError(
        'CONFLICT',
        `A role named "${name}" already exists${quoted(words)}. Choose another name.`,
        { reason: 'taken' },
      );
    default:
      return new OppError('CONFLICT', `${what} refused the change${quoted(words)}.`, {
        reason: code ?? 'conflict',
      });
  }
}

/**
 * Someone else changed the user or role first. `current` is what the server holds now, so the
 * screen can show both versions and let the administrator reapply on top of it or discard.
 */
export function versionMismatch(kind: 'user', current: User): OppError;
export function versionMismatch(kind: 'role', current: Role): OppError;
export function versionMismatch(kind: 'user' | 'role', current: User | Role): OppError {
  const name = 'username' in current ? current.username : current.name;
  const version = current.version === undefined ? '' : ` (now version ${current.version})`;
  return new OppError(
    'VERSION_MISMATCH',
    `Someone else changed the ${kind} ${name} first${version}. Review their version, then reapply your change or discard it.`,
    { current },
  );
}
