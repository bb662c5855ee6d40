import { screen, within } from '@testing-library/react';
import type { RolesView } from '../../../../shared/domain/role';
import type { Session } from '../../../../shared/domain/session';
import type { UserFilter } from '../../../../shared/domain/user-admin';
import type { FakeAuditSeed } from '../../testing/fake-audit-store';
import { STAGING, createFakeOppApi, sampleSession, type FakeOppApi } from '../../testing/fake-opp-api';
import { FAKE_ROLE_PERMISSIONS, createFakeUsersApi, type FakeUsersSeed } from '../../testing/fake-users';
import { renderWithProviders, type RenderedApp } from '../../testing/render-app';
import { resetUsersUi } from './users-filter';

/** The roles as `roles.list` answers them for the users screen (the roles fake is another's). */
export function sampleRolesView(): RolesView {
  const describe: Record<string, string> = {
    admin: 'Full control of the platform.',
    user: 'Works with policies and their own profile.',
    guest: 'Reads only.',
  };
  return {
    roles: Object.entries(FAKE_ROLE_PERMISSIONS).map(([name, permissions]) => ({
      name,
      description: describe[name] ?? '',
      permissions: [...permissions],
      built_in: true,
      user_count: 0,
      updated_at: null,
      version: 1,
    })),
    permissions: [
      { name: 'read', description: 'Read policies and settings' },
      { name: 'manage_users', description: 'Create, change and delete users' },
    ],
    source: 'server',
    asOf: new Date().toISOString(),
    readOnly: false,
    note: null,
  };
}

export interface UsersScreenOptions extends FakeUsersSeed {
  /** The session on Staging; alice the admin unless told (null: signed out). */
  session?: Session | null;
  /** The audit copy of Staging (for links into the Audit area). */
  audit?: FakeAuditSeed;
  /** Scripts the fake before the screen asks it anything (a first call that fails). */
  before?: (api: FakeOppApi) => void;
}

/** The whole app on the Users area of Staging, over a fake directory of users. */
export function renderUsersScreen({
  session = sampleSession('staging'),
  before,
  audit,
  ...seed
}: UsersScreenOptions = {}): RenderedApp {
  resetUsersUi();
  const api = createFakeOppApi(undefined, {
    environments: [STAGING],
    sessions: session === null ? [] : [session],
    ...(audit === undefined ? {} : { audit: { staging: audit } }),
  });
  api.users = createFakeUsersApi(seed);
  api.roles.list.mockResolvedValue(sampleRolesView());
  before?.(api);
  return renderWithProviders(undefined, {
    api,
    uiState: { area: 'users', selectedEnvironmentId: 'staging' },
  });
}

export function findGrid(): Promise<HTMLElement> {
  return screen.findByRole('grid', { name: 'Users' }, { timeout: 5000 });
}

export function viewportOf(grid: HTMLElement): HTMLElement {
  const viewport = grid.querySelector<HTMLElement>('[data-scroll-viewport]');
  if (viewport === null) throw new Error('The grid has no scroll viewport');
  return viewport;
}

/** The user ids of the rows drawn, top to bottom. */
export function shownIds(grid: HTMLElement): number[] {
  return Array.from(grid.querySelectorAll<HTMLElement>('[data-user-id]'), (row) =>
    Number(row.dataset['userId']),
  );
}

export function rowOf(grid: HTMLElement, id: number): HTMLElement {
  const row = grid.querySelector<HTMLElement>(`[data-user-id="${id}"]`);
  if (row === null) throw new Error(`No row for user ${id}`);
  return row;
}

/** The text of one cell of a user's row (0 is the checkbox). */
export function cellOf(grid: HTMLElement, id: number, column: number): string {
  return within(rowOf(grid, id)).getAllByRole('gridcell')[column]?.textContent ?? '';
}

export function findPanel(username: string): Promise<HTMLElement> {
  return screen.findByRole('region', { name: `User ${username}` });
}

/** The filters `users.list` was asked for, first pages only. */
export function listedFilters(api: FakeOppApi): UserFilter[] {
  return api.users.list.mock.calls
    .filter(([input]) => input.offset === 0)
    .map(([input]) => input.filter as UserFilter);
}

/** A promise the test settles itself, to hold a call in flight. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
