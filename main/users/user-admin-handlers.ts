import type { CallHandlers } from '../ipc/dispatcher';
import { ActivityReader } from './activity';
import { AllUsersFetcher } from './all-users';
import { BulkUsers } from './bulk';
import { RolesService } from './roles-service';
import { UserAdminContext, type UserAdminDeps } from './user-admin-context';
import { UsersReader } from './users-list';
import { UsersService } from './users-service';

type UserAdminCall = Extract<keyof CallHandlers, `users.${string}` | `roles.${string}`>;

export interface UserAdmin {
  reader: UsersReader;
  users: UsersService;
  bulk: BulkUsers;
  roles: RolesService;
  activity: ActivityReader;
  /** Resolves when the audit syncs asked for after writes have finished. */
  settled(): Promise<void>;
  /** Closes an environment's users copy before the environment's files are removed. */
  release(environmentId: string): void;
  close(): void;
}

/** User and role administration, sharing one context (session checks, server, offline copy). */
export function createUserAdmin(deps: UserAdminDeps): UserAdmin {
  const ctx = new UserAdminContext(deps);
  const all = new AllUsersFetcher(ctx);
  const reader = new UsersReader(ctx, all);
  return {
    reader,
    users: new UsersService(ctx, reader),
    bulk: new BulkUsers(ctx, reader, all),
    roles: new RolesService(ctx, all),
    activity: new ActivityReader(deps.audit, deps.sessions, deps.environments),
    settled: () => ctx.nudge.settled(),
    release: (environmentId) => {
      all.forget(environmentId);
      ctx.cache.release(environmentId);
    },
    close: () => {
      ctx.nudge.close();
      ctx.cache.close();
    },
  };
}

/** The `users.*` and `roles.*` calls of the IPC contract, for the composition root's handler map. */
export function userAdminHandlers(admin: UserAdmin): Pick<CallHandlers, UserAdminCall> {
  return {
    'users.list': (input) => admin.reader.list(input),
    'users.get': ({ environmentId, id }) => admin.reader.get(environmentId, id),
    'users.create': (input) => admin.users.create(input),
    'users.update': ({ environmentId, id, baseVersion, changes }) =>
      admin.users.update(environmentId, id, baseVersion, changes),
    'users.delete': ({ environmentId, id }) => admin.users.delete(environmentId, id),
    'users.unlock': ({ environmentId, id }) => admin.users.unlock(environmentId, id),
    'users.resetPassword': ({ environmentId, id, newPassword }) =>
      admin.users.resetPassword(environmentId, id, newPassword),
    'users.bulkPreview': ({ environmentId, action, ids }) => admin.bulk.preview(environmentId, action, ids),
    'users.bulkApply': ({ environmentId, action, targets }) =>
      admin.bulk.apply(environmentId, action, targets),
    'users.activity': ({ environmentId, id, username, limit }) =>
      admin.activity.userActivity(environmentId, id, username, limit),
    'roles.list': ({ environmentId }) => admin.roles.list(environmentId),
    'roles.create': (input) => admin.roles.create(input),
    'roles.update': (input) => admin.roles.update(input),
    'roles.delete': ({ environmentId, name }) => admin.roles.delete(environmentId, name),
    'roles.history': ({ environmentId, name }) => admin.activity.roleHistory(environmentId, name),
  };
}
