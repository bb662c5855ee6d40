import { vi, type Mock } from 'vitest';
import { OppError } from '../../../shared/errors';
import type { OppApi } from '../../../shared/ipc/opp-api';

type Roles = OppApi['roles'];

/** The fake's `roles.*` calls, as `vi.fn`s. */
export interface FakeRolesApi {
  list: Mock<Roles['list']>;
  create: Mock<Roles['create']>;
  update: Mock<Roles['update']>;
  delete: Mock<Roles['delete']>;
  history: Mock<Roles['history']>;
}

const notYet = (): Promise<never> => Promise.reject(new OppError('INTERNAL', 'Not faked yet.'));

/** Roles as `roles.*` answers them. (Stub: the roles screen's tests fill it in.) */
export function createFakeRolesApi(): FakeRolesApi {
  return {
    list: vi.fn(notYet),
    create: vi.fn(notYet),
    update: vi.fn(notYet),
    delete: vi.fn(notYet),
    history: vi.fn(notYet),
  };
}
