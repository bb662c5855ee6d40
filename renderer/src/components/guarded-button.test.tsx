import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { STAGING, createFakeOppApi, sampleSession } from '../testing/fake-opp-api';
import { renderWithProviders } from '../testing/render-app';
import { GuardedButton } from './guarded-button';

describe('GuardedButton', () => {
  it('works as a button when access allows the action', async () => {
    const onClick = vi.fn();
    const { user } = renderWithProviders(
      <GuardedButton
        action="users.write"
        session={sampleSession('prod')}
        className="button"
        onClick={onClick}
      >
        Add user
      </GuardedButton>,
    );
    const button = screen.getByRole('button', { name: 'Add user' });
    expect(button).not.toHaveAttribute('aria-disabled');
    await user.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it("stays focusable when off, ignores clicks, and gives access()'s reason on focus and hover", async () => {
    const onClick = vi.fn();
    const auditor = sampleSession('prod', { role: 'auditor', permissions: ['read', 'view_audit_logs'] });
    const { user } = renderWithProviders(
      <GuardedButton action="users.write" session={auditor} className="button" onClick={onClick}>
        Add user
      </GuardedButton>,
    );
    const button = screen.getByRole('button', { name: 'Add user' });
    const reason = 'Your role (auditor) lacks the manage_users permission.';
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(reason);

    await user.tab();
    expect(button).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(reason);
    await user.keyboard('{Enter}');
    await user.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('names a capability the server lacks, and asks to sign in without a session', () => {
    const legacy = sampleSession('prod', { capabilities: ['audit_legacy'] });
    renderWithProviders(
      <>
        <GuardedButton action="roles.write" session={legacy}>
          Edit role
        </GuardedButton>
        <GuardedButton action="audit.read" session={null}>
          Open audit
        </GuardedButton>
      </>,
    );
    expect(screen.getByRole('button', { name: 'Edit role' })).toHaveAccessibleDescription(
      'This server does not offer role management.',
    );
    expect(screen.getByRole('button', { name: 'Open audit' })).toHaveAccessibleDescription(
      'Sign in to this environment first.',
    );
  });

  it("uses the active environment's session when none is given", async () => {
    const api = createFakeOppApi(undefined, {
      environments: [STAGING],
      sessions: [sampleSession('staging', { role: 'auditor', permissions: ['view_audit_logs'] })],
    });
    renderWithProviders(
      <>
        <GuardedButton action="audit.read">Open audit</GuardedButton>
        <GuardedButton action="users.delete">Delete user</GuardedButton>
      </>,
      { api, uiState: { selectedEnvironmentId: 'staging' } },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Open audit' })).not.toHaveAttribute('aria-disabled'),
    );
    expect(screen.getByRole('button', { name: 'Delete user' })).toHaveAccessibleDescription(
      'Your role (auditor) lacks the manage_users and delete permissions.',
    );
  });
});
