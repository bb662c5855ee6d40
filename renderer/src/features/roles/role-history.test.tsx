import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../../shared/errors';
import type { FakeOppApi } from '../../testing/fake-opp-api';
import type { RenderedApp } from '../../testing/render-app';
import { findRoleItem, permissionBox, renderRolesScreen, roleButton } from './render-roles';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const AUDITOR = {
  name: 'auditor',
  description: 'Reads the audit log',
  permissions: ['read', 'view_audit_logs'],
};

/** The auditor role's past as the reference platform writes it: created, then changed by bob. */
function auditorPast(api: FakeOppApi): void {
  api.roles.store.record(
    'role_created',
    'auditor',
    { name: 'auditor', description: 'Reads things', permissions: ['read', 'write'] },
    { timestamp: '2026-09-01T10:00:00.000Z', username: 'admin', userId: 1 },
  );
  api.roles.store.record(
    'role_updated',
    'auditor',
    {
      name: 'auditor',
      changes: {
        permissions: { added: ['view_audit_logs'], removed: ['write'] },
        description: { from: 'Reads things', to: 'Reads the audit log' },
      },
    },
    { timestamp: '2026-10-15T16:30:00.000Z', username: 'bob', userId: 7 },
  );
}

async function openHistory({ user }: RenderedApp, name: string): Promise<HTMLElement> {
  await findRoleItem(name);
  await user.click(roleButton(name, 'History of'));
  const dialog = screen.getByRole('dialog', { name: `History of ${name}` });
  return within(dialog).getByTestId('role-history');
}

describe('a role’s history', () => {
  it('lists its changes newest first: when, who, and the permissions added and removed', async () => {
    const rendered = renderRolesScreen({ custom: [AUDITOR], arrange: auditorPast });
    const history = await openHistory(rendered, 'auditor');
    const events = await within(history).findAllByRole('listitem');
    expect(events).toHaveLength(2);

    const [changed, created] = events as [HTMLElement, HTMLElement];
    expect(changed).toHaveTextContent(/^Changed by bob · .*2026/);
    expect(changed.querySelector('time')).toHaveAttribute('datetime', '2026-10-15T16:30:00.000Z');
    expect(changed).toHaveTextContent('Addedview_audit_logs');
    expect(changed).toHaveTextContent('Removedwrite');
    expect(changed).toHaveTextContent('Description“Reads things” → “Reads the audit log”');
    expect(created).toHaveTextContent(/^Created by admin/);
    expect(created).toHaveTextContent('Grantedread, write');
    expect(history).toHaveTextContent(/The copy holds events up to .*2026/);
    expect(rendered.api.roles.history).toHaveBeenCalledWith({ environmentId: 'staging', name: 'auditor' });

    await rendered.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(roleButton('auditor', 'History of')).toHaveFocus());
  });

  it('shows an edit made here once it is in the copy', async () => {
    const rendered = renderRolesScreen({ custom: [AUDITOR], arrange: auditorPast });
    const { user } = rendered;
    await user.click(await screen.findByRole('button', { name: 'Edit auditor' }));
    const editor = screen.getByRole('dialog', { name: 'Edit role auditor' });
    await user.click(permissionBox(editor, 'change_password'));
    await user.click(within(editor).getByRole('button', { name: 'Review changes' }));
    await user.click(within(editor).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const history = await openHistory(rendered, 'auditor');
    const [newest] = await within(history).findAllByRole('listitem');
    expect(newest).toHaveTextContent(/^Changed by alice/);
    expect(newest).toHaveTextContent('Addedchange_password');
  });

  it('reads the copy again when a sync brings new events, while it is open', async () => {
    const rendered = renderRolesScreen({ custom: [AUDITOR] });
    const history = await openHistory(rendered, 'auditor');
    expect(await within(history).findByText('No changes to auditor in the audit copy.')).toBeInTheDocument();
    auditorPast(rendered.api);
    act(() => rendered.api.emit('cache.invalidated', { environmentId: 'staging', scope: 'audit' }));
    expect(await within(history).findAllByRole('listitem')).toHaveLength(2);
  });

  it('says when the copy holds nothing about the role, or nothing at all yet', async () => {
    const rendered = renderRolesScreen();
    const history = await openHistory(rendered, 'guest');
    expect(await within(history).findByText('No changes to guest in the audit copy.')).toBeInTheDocument();
    expect(history).toHaveTextContent('The audit log has not been copied to this computer yet');
  });

  it('shows main’s note when it cannot read the history', async () => {
    const rendered = renderRolesScreen({
      arrange: (api) =>
        api.roles.history.mockResolvedValueOnce({
          events: [],
          copiedUpTo: null,
          note: 'Your role cannot read the audit log, so role history is not available.',
        }),
    });
    const history = await openHistory(rendered, 'user');
    expect(await within(history).findByRole('note')).toHaveTextContent(
      'Your role cannot read the audit log, so role history is not available.',
    );
    expect(within(history).queryByText(/No changes to/)).not.toBeInTheDocument();
    expect(history).not.toHaveTextContent('has not been copied');
  });

  it('says an event’s details are missing (a legacy log) rather than inventing a change', async () => {
    const rendered = renderRolesScreen({
      arrange: (api) =>
        api.roles.store.record('role_updated', 'user', null, {
          timestamp: '2026-10-01T08:00:00Z',
          username: null,
        }),
    });
    const history = await openHistory(rendered, 'user');
    const [event] = await within(history).findAllByRole('listitem');
    expect(event).toHaveTextContent(/^Changed by an unknown user/);
    expect(event).toHaveTextContent('The log holds no details of this change.');
  });

  it('says when the history cannot be read, and Try again recovers', async () => {
    const rendered = renderRolesScreen({
      custom: [AUDITOR],
      arrange: (api) => {
        auditorPast(api);
        api.roles.history.mockRejectedValueOnce(new OppError('INTERNAL', 'audit.sqlite is locked.'));
      },
    });
    const history = await openHistory(rendered, 'auditor');
    const alert = await within(history).findByRole('alert');
    expect(alert).toHaveTextContent('The history of auditor could not be read.');
    await rendered.user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(history).findAllByRole('listitem')).toHaveLength(2);
  });
});
