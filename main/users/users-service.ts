import type { z } from 'zod';
import { passwordProblem } from '../../shared/domain/password-policy';
import type { userCreateInputSchema, UserChanges } from '../../shared/domain/user-admin';
import type { User } from '../../shared/domain/user';
import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import type { UserAdminContext } from './user-admin-context';
import { userWriteError, versionMismatch } from './user-admin-errors';
import { serverUserSchema } from './user-schemas';
import type { UsersReader } from './users-list';

export type UserCreateInput = z.output<typeof userCreateInputSchema>;

/**
 * Checked here as well as in the renderer and the contract's schema: a password that breaks the
 * policy never leaves main. The password itself is never logged or put in an error.
 */
function checkPassword(password: string, field: string): void {
  const problem = passwordProblem(password);
  if (problem !== null) {
    throw new OppError('VALIDATION', problem, { issues: [{ path: field, message: problem }] });
  }
}

/** Creating, changing, deleting, unlocking users and resetting their passwords (§2). */
export class UsersService {
  constructor(
    private readonly ctx: UserAdminContext,
    private readonly reader: UsersReader,
  ) {}

  async create(input: UserCreateInput): Promise<User> {
    const { environmentId, password, ...rest } = input;
    this.ctx.writer(environmentId, 'users.write');
    checkPassword(password, 'password');
    const answer = await this.ctx.send(environmentId, {
      method: 'POST',
      path: '/api/v1/users',
      body: { ...rest, password },
    });
    if (answer.status !== 201 && answer.status !== 200) throw this.refused(environmentId, answer);
    const user = this.saved(environmentId, answer);
    // A new user changes its role's user count.
    this.ctx.changed(environmentId, ['users', 'roles'], { action: 'user_created', id: user.id });
    return user;
  }

  /**
   * A change based on the version the administrator saw (If-Match). When someone else changed
   * the user first, the error carries the user as it is now.
   */
  async update(environmentId: string, id: number, baseVersion: number, changes: UserChanges): Promise<User> {
    this.ctx.writer(environmentId, 'users.write');
    const answer = await this.ctx.send(environmentId, {
      method: 'PATCH',
      path: `/api/v1/users/${id}`,
      body: changes,
      headers: { 'If-Match': String(baseVersion) },
    });
    if (answer.status === 412) throw versionMismatch('user', await this.reader.fetchUser(environmentId, id));
    if (answer.status !== 200) throw this.refused(environmentId, answer, id);
    const user = this.saved(environmentId, answer);
    this.ctx.changed(environmentId, changes.role === undefined ? ['users'] : ['users', 'roles'], {
      action: 'user_updated',
      id,
      fields: Object.keys(changes),
    });
    return user;
  }

  async delete(environmentId: string, id: number): Promise<void> {
    const session = this.ctx.writer(environmentId, 'users.delete');
    if (session.userId === id) {
      throw new OppError(
        'CONFLICT',
        'You cannot delete your own account. Ask another administrator to do it.',
        {
          reason: 'cannot_delete_self',
        },
      );
    }
    const answer = await this.ctx.send(environmentId, { method: 'DELETE', path: `/api/v1/users/${id}` });
    if (answer.status !== 204 && answer.status !== 200) throw this.refused(environmentId, answer, id);
    this.ctx.cache.forgetUser(environmentId, id);
    this.ctx.changed(environmentId, ['users', 'roles'], { action: 'user_deleted', id });
  }

  async unlock(environmentId: string, id: number): Promise<void> {
    this.ctx.writer(environmentId, 'users.write');
    // An empty JSON object rather than no body: axios labels a bodiless POST as a form, which
    // a strict server refuses (415).
    const answer = await this.ctx.send(environmentId, {
      method: 'POST',
      path: `/api/v1/users/${id}/unlock`,
      body: {},
    });
    if (answer.status !== 204 && answer.status !== 200) throw this.refused(environmentId, answer, id);
    this.ctx.changed(environmentId, ['users'], { action: 'user_unlocked', id });
  }

  async resetPassword(environmentId: string, id: number, newPassword: string): Promise<void> {
    this.ctx.writer(environmentId, 'users.write');
    checkPassword(newPassword, 'newPassword');
    const answer = await this.ctx.send(environmentId, {
      method: 'POST',
      path: `/api/v1/users/${id}/reset-password`,
      body: { new_password: newPassword },
    });
    if (answer.status !== 204 && answer.status !== 200) throw this.refused(environmentId, answer, id);
    this.ctx.changed(environmentId, ['users'], { action: 'password_reset', id });
  }

  /** The user a write answered, read through the schema and kept in the copy. */
  private saved(environmentId: string, answer: HttpAnswer): User {
    const user = this.ctx.body(environmentId, answer, serverUserSchema);
    this.ctx.cache.saveUsers(environmentId, [user], this.ctx.now());
    return user;
  }

  private refused(environmentId: string, answer: HttpAnswer, id?: number): OppError {
    if (answer.status === 404 && id !== undefined) {
      this.ctx.cache.forgetUser(environmentId, id);
      return this.reader.noSuchUser(id);
    }
    return userWriteError(answer, this.ctx.describe(environmentId));
  }
}
