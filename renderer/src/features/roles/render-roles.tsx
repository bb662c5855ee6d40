import { screen, within } from '@testing-library/react';
import type { Role, RolesView } from '../../../../shared/domain/role';
import type { Session } from '../../../../shared/domain/session';
import { STAGING, createFakeOppApi, sampleSession, type FakeOppApi } from '../../testing/fake-opp-api';
import type { FakeRoleSeed } from '../../testing/fake-roles';
import { renderWithProviders, type RenderedApp } from '../../testing/render-app';

export interface RolesScreenOptions {
  sessions?: readonly Session[];
  custom?: readonly FakeRoleSeed[];
  userCounts?: Readonly<Record<string, number>>;
  source?: RolesView['source'];
  /** Arranges the fake further before the first render (e.g. scripted failures). */
  arrange?: (api: FakeOppApi) => void;
}

/** The whole app on the Roles area of Staging, signed in as an admin unless told otherwise. */
export function renderRolesScreen({
  sessions = [sampleSession('staging')],
  custom = [],
  userCounts = {},
  source = 'server',
  arrange,
}: RolesScreenOptions = {}): RenderedApp {
  const api = createFakeOppApi(undefined, { environments: [STAGING], sessions });
  for (const role of custom) api.roles.store.addRole(role);
  for (const [name, count] of Object.entries(userCounts)) api.roles.store.setUserCount(name, count);
  api.roles.store.source = source;
  arrange?.(api);
  return renderWithProviders(undefined, {
    api,
    uiState: { area: 'roles', selectedEnvironmentId: 'staging' },
  });
}

/** The card of one role in the list (the first render of the whole app is slow under jsdom). */
export function findRoleItem(name: string): Promise<HTMLElement> {
  return screen.findByRole('listitem', { name }, { timeout: 5000 });
}

export function roleButton(name: string, label: 'Edit' | 'Delete' | 'History of'): HTMLElement {
  return screen.getByRole('button', { name: `${label} ${name}` });
}

/** A role as the fake holds it now (fails the test if it is gone). */
export function storedRole(api: FakeOppApi, name: string): Role {
  const role = api.roles.store.role(name);
  if (role === undefined) throw new Error(`The fake holds no role ${name}`);
  return role;
}

export function permissionBox(dialog: HTMLElement, permission: string): HTMLInputElement {
  return within(dialog).getByRole('checkbox', { name: permission });
}
