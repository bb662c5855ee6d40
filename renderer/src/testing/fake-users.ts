import { vi, type Mock } from 'vitest';
import { OppError } from '../../../shared/errors';
import type { OppApi } from '../../../shared/ipc/opp-api';

type Users = OppApi['users'];

/** The fake's `users.*` calls, as `vi.fn`s. */
export interface FakeUsersApi {
  list: Mock<Users['list']>;
  get: Mock<Users['get']>;
  create: Mock<Users['create']>;
  update: Mock<Users['update']>;
  delete: Mock<Users['delete']>;
  unlock: Mock<Users['unlock']>;
  resetPassword: Mock<Users['resetPassword']>;
  bulkPreview: Mock<Users['bulkPreview']>;
  bulkApply: Mock<Users['bulkApply']>;
  activity: Mock<Users['activity']>;
}

const notYet = (): Promise<never> => Promise.reject(new OppError('INTERNAL', 'Not faked yet.'));

/** Users as `users.*` answers them. (Stub: the users screen's tests fill it in.) */
export function createFakeUsersApi(): FakeUsersApi {
  return {
    list: vi.fn(notYet),
    get: vi.fn(notYet),
    create: vi.fn(notYet),
    update: vi.fn(notYet),
    delete: vi.fn(notYet),
    unlock: vi.fn(notYet),
    resetPassword: vi.fn(notYet),
    bulkPreview: vi.fn(notYet),
    bulkApply: vi.fn(notYet),
    activity: vi.fn(notYet),
  };
}
