import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../../shared/domain/password-policy';
import { OppError } from '../../../../shared/errors';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { USER_ROW_HEIGHT } from './users-table';
import { findGrid, findPanel, renderUsersScreen } from './users-test-kit';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * USER_ROW_HEIGHT });
});
afterEach(() => restoreLayout());

/** Which rules the checklist shows as met, by rule id. */
function rulesMet(dialog: HTMLElement): Record<string, boolean> {
  const list = within(dialog).getByRole('list', { name: 'Password rules' });
  const met: Record<string, boolean> = {};
  for (const item of within(list).getAllByRole('listitem'))
    met[item.dataset['rule'] ?? '?'] = item.dataset['met'] === 'true';
  return met;
}

async function openNewUser(rendered: ReturnType<typeof renderUsersScreen>): Promise<HTMLElement> {
  await findGrid();
  await rendered.user.click(screen.getByRole('button', { name: 'New user' }));
  return screen.findByRole('dialog', { name: 'New user' });
}

describe('new user', { timeout: 20_000 }, () => {
  it('checks the password policy as it is typed, generates and copies a strong one, and creates the user', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const dialog = await openNewUser(rendered);
    const password = within(dialog).getByLabelText('Password');

    await user.type(password, 'abc');
    expect(rulesMet(dialog)).toEqual({
      length: false,
      upper: false,
      lower: true,
      digit: false,
      special: false,
      max: true,
    });
    await user.type(password, 'DEF123!?xyz');
    expect(rulesMet(dialog)).toEqual({
      length: true,
      upper: true,
      lower: true,
      digit: true,
      special: true,
      max: true,
    });

    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    const generated = (password as HTMLInputElement).value;
    expect(generated).not.toBe('abcDEF123!?xyz');
    expect(passwordProblem(generated)).toBeNull();
    // Shown, so that it can be read out; every rule met.
    expect(password).toHaveAttribute('type', 'text');
    expect(Object.values(rulesMet(dialog)).every(Boolean)).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(await within(dialog).findByText('Copied')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(generated);

    await user.type(within(dialog).getByLabelText('Username'), 'frank');
    await user.type(within(dialog).getByLabelText('Email'), 'frank@opp.example');
    await user.type(within(dialog).getByLabelText('Full name'), 'Frank Field');
    await user.selectOptions(within(dialog).getByLabelText('Role'), 'guest');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByText('frank created.')).toBeInTheDocument();
    expect(api.users.create).toHaveBeenCalledWith({
      environmentId: 'staging',
      username: 'frank',
      email: 'frank@opp.example',
      full_name: 'Frank Field',
      password: generated,
      role: 'guest',
      is_active: true,
    });
    expect(screen.queryByRole('dialog', { name: 'New user' })).not.toBeInTheDocument();
    const panel = await findPanel('frank');
    expect(within(panel).getByText('Frank Field')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('users-total')).toHaveAttribute('data-value', '6'));
  });

  it('marks the fields main refuses, and forgets the password once sent whatever the answer', async () => {
    const rendered = renderUsersScreen({ count: 5 });
    const { api, user } = rendered;
    const dialog = await openNewUser(rendered);

    // Checked here first: nothing is sent while the form is incomplete.
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(within(dialog).getByLabelText('Username')).toHaveAccessibleDescription(
      expect.stringContaining('Use 3 to 50 characters.'),
    );
    expect(within(dialog).getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(api.users.create).not.toHaveBeenCalled();

    api.users.create.mockRejectedValueOnce(
      new OppError('VALIDATION', 'The request was not accepted. email: This domain does not receive mail.', {
        issues: [{ path: 'email', message: 'This domain does not receive mail.' }],
      }),
    );
    await user.type(within(dialog).getByLabelText('Username'), 'grace');
    await user.type(within(dialog).getByLabelText('Email'), 'grace@nowhere.example');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    const email = within(dialog).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('This domain does not receive mail.');
    expect(within(dialog).getByLabelText('Password')).toHaveValue('');

    // A taken username: main's own words, and again no password left behind.
    await user.clear(email);
    await user.type(email, 'grace@opp.example');
    await user.clear(within(dialog).getByLabelText('Username'));
    await user.type(within(dialog).getByLabelText('Username'), 'bob');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The username bob is taken.');
    expect(within(dialog).getByLabelText('Password')).toHaveValue('');
    expect(api.users.directory.users.size).toBe(5);
  });
});
