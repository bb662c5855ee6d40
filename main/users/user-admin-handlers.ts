import { OppError } from '../../shared/errors';
import type { CallHandlers } from '../ipc/dispatcher';

type UserAdminCall = Extract<keyof CallHandlers, `users.${string}` | `roles.${string}`>;

const notYet = (): never => {
  throw new OppError('UNSUPPORTED_BY_SERVER', 'User and role management is not built yet.');
};

/** The `users.*` and `roles.*` calls. (Stub: replaced by the user administration services.) */
export function userAdminHandlers(): Pick<CallHandlers, UserAdminCall> {
  return {
    'users.list': notYet,
    'users.get': notYet,
    'users.create': notYet,
    'users.update': notYet,
    'users.delete': notYet,
    'users.unlock': notYet,
    'users.resetPassword': notYet,
    'users.bulkPreview': notYet,
    'users.bulkApply': notYet,
    'users.activity': notYet,
    'roles.list': notYet,
    'roles.create': notYet,
    'roles.update': notYet,
    'roles.delete': notYet,
    'roles.history': notYet,
  };
}
