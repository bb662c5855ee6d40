import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../components/time-words';
import { sampleSession } from '../../testing/fake-opp-api';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { findGrid, findPanel, renderUsersScreen, rowOf, shownIds } from './users-test-kit';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

const WRITES = ['Edit', 'Deactivate', 'Unlock', 'Reset password', 'Delete user'];

async function openBob(user: ReturnType<typeof renderUsersScreen>['user']): Promise<HTMLElement> {
  const grid = await findGrid();
  await waitFor(() => expect(shownIds(grid)).toContain(2));
  await user.click(rowOf(grid, 2));
  return findPanel('bob');
}

/** Every write control of the screen and of bob's panel is off, with `reason` as its description. */
async function expectReadOnly(rendered: ReturnType<typeof renderUsersScreen>, reason: string): Promise<void> {
  const newUser = screen.getByRole('button', { name: 'New user' });
  expect(newUser).toHaveAttribute('aria-disabled', 'true');
  expect(newUser).toHaveAccessibleDescription(reason);
  const panel = await openBob(rendered.user);
  for (const name of WRITES) {
    const button = within(panel).getByRole('button', { name });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    if (name !== 'Unlock') expect(button).toHaveAccessibleDescription(reason);
  }
  // Off means off: a click opens nothing and sends nothing.
  await rendered.user.click(within(panel).getByRole('button', { name: 'Deactivate' }));
  await rendered.user.click(within(panel).getByRole('button', { name: 'Edit' }));
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(rendered.api.users.update).not.toHaveBeenCalled();
}

describe('who may change users, and where', { timeout: 20_000 }, () => {
  it('lists a legacy server read-only, with its note and each write off with the reason', async () => {
    const legacySession = sampleSession('staging', {
      capabilities: ['audit_legacy', 'health_comprehensive'],
    });
    const rendered = renderUsersScreen({ count: 12, mode: 'legacy', session: legacySession });
    await findGrid();
    expect(await screen.findByTestId('users-note')).toHaveTextContent(
      'This server (OPP V4) only lists users',
    );
    expect(screen.getByTestId('users-total')).toHaveAttribute('data-value', '12');
    await expectReadOnly(rendered, 'This server does not offer user management.');
  });

  it("takes a read-only list's note as the reason when the session itself may write", async () => {
    const rendered = renderUsersScreen({ count: 12, mode: 'legacy' });
    await findGrid();
    const note = (await screen.findByTestId('users-note')).textContent ?? '';
    await expectReadOnly(rendered, note);
  });

  it('says offline as of when, from main’s copy, and writes nothing', async () => {
    const asOf = new Date(Date.now() - 2 * 3600_000).toISOString();
    const rendered = renderUsersScreen({ count: 12, mode: 'offline', asOf });
    await findGrid();
    expect(await screen.findByTestId('users-offline')).toHaveTextContent(
      `Offline: showing users as of ${formatLocalTime(new Date(asOf))}`,
    );
    await expectReadOnly(rendered, 'Offline: users cannot be changed until the server can be reached again.');
  });

  it('turns writes off as soon as main says the server went away', async () => {
    const rendered = renderUsersScreen({ count: 12 });
    await findGrid();
    expect(screen.getByRole('button', { name: 'New user' })).not.toHaveAttribute('aria-disabled');
    act(() => rendered.api.emit('connectivity.changed', { environmentId: 'staging', online: false }));
    const newUser = screen.getByRole('button', { name: 'New user' });
    expect(newUser).toHaveAttribute('aria-disabled', 'true');
    expect(newUser).toHaveAccessibleDescription(
      'Offline: users cannot be changed until the server can be reached again.',
    );
  });

  it('tells a guest their role cannot manage users, and offers no write at all', async () => {
    const { api } = renderUsersScreen({
      count: 12,
      session: sampleSession('staging', {
        username: 'dave',
        userId: 4,
        role: 'guest',
        permissions: ['read'],
      }),
    });
    const message = await screen.findByTestId('users-not-allowed');
    expect(message).toHaveTextContent('Your role cannot manage users');
    expect(message).toHaveTextContent('Your role (guest) lacks the manage_users permission.');
    expect(screen.queryByRole('grid', { name: 'Users' })).not.toBeInTheDocument();
    for (const name of ['New user', ...WRITES, 'Deactivate selected']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(api.users.list).not.toHaveBeenCalled();
  });

  it('asks to sign in first when signed out', async () => {
    const { user } = renderUsersScreen({ session: null });
    await user.click(await screen.findByRole('button', { name: 'Sign in to Staging' }));
    expect(await screen.findByRole('dialog', { name: /Sign in/ })).toBeInTheDocument();
  });
});
