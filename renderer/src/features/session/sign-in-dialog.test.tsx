import { act, screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { formatLocalTime } from '../../components/time-words';
import { STAGING, createFakeOppApi, type FakeOppApi } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

const PASSWORD = 'Correct-Horse-9!';

function renderStaging(
  api: FakeOppApi = createFakeOppApi(undefined, { environments: [STAGING] }),
  fakeTimers = false,
) {
  return renderWithProviders(undefined, {
    api,
    ...(fakeTimers ? { userOptions: { advanceTimers: vi.advanceTimersByTime.bind(vi) } } : {}),
  });
}

async function openSignIn(user: UserEvent): Promise<HTMLElement> {
  const row = await screen.findByRole('listitem', { name: 'Staging' });
  await user.click(await within(row).findByRole('button', { name: /^Sign in/ }));
  return screen.getByRole('dialog', { name: 'Sign in to Staging' });
}

async function submit(
  user: UserEvent,
  dialog: HTMLElement,
  username = 'alice',
  password = PASSWORD,
): Promise<void> {
  const usernameField = within(dialog).getByLabelText('Username');
  await user.clear(usernameField);
  await user.type(usernameField, username);
  await user.type(within(dialog).getByLabelText('Password'), password);
  await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
}

function apiFailingWith(error: OppError): FakeOppApi {
  const api = createFakeOppApi(undefined, { environments: [STAGING] });
  api.session.signIn.mockRejectedValue(error);
  return api;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sign in', () => {
  it('signs in, shows who is signed in, and keeps the password in no cache', async () => {
    const { user, api, queryClient } = renderStaging();
    const dialog = await openSignIn(user);
    expect(within(dialog).getByLabelText('Username')).toHaveAttribute('autocomplete', 'username');
    expect(within(dialog).getByLabelText('Password')).toHaveAttribute('autocomplete', 'current-password');
    expect(within(dialog).getByLabelText('Password')).toHaveAttribute('type', 'password');

    await submit(user, dialog);
    expect(api.session.signIn).toHaveBeenCalledWith({
      environmentId: 'staging',
      username: 'alice',
      password: PASSWORD,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const row = screen.getByRole('listitem', { name: 'Staging' });
    expect(await within(row).findByText('Signed in as alice (admin)')).toBeInTheDocument();
    expect(screen.getByTestId('session-user')).toHaveTextContent('alice · admin');
    expect(screen.getByText('Signed in to Staging as alice.')).toBeInTheDocument();

    const cached = JSON.stringify([
      queryClient
        .getQueryCache()
        .getAll()
        .map((query) => [query.queryKey, query.state]),
      queryClient
        .getMutationCache()
        .getAll()
        .map((mutation) => mutation.state),
    ]);
    expect(cached).toContain('alice');
    expect(cached).not.toContain(PASSWORD);
  });

  it('clears the password after a failed attempt', async () => {
    const { user } = renderStaging(
      apiFailingWith(new OppError('AUTH_REQUIRED', 'Incorrect username or password.')),
    );
    const dialog = await openSignIn(user);
    await submit(user, dialog, 'alice', 'wrong-password');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The username or password is wrong.');
    expect(within(dialog).getByLabelText('Password')).toHaveValue('');
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();
    expect(within(dialog).getByLabelText('Username')).toHaveValue('alice');
  });

  it('asks for both fields before calling main', async () => {
    const { user, api } = renderStaging();
    const dialog = await openSignIn(user);
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(within(dialog).getByLabelText('Username')).toHaveAccessibleDescription('Enter your username.');
    expect(within(dialog).getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(api.session.signIn).not.toHaveBeenCalled();
  });

  it('says until when (local time) and for how long a locked account stays locked', async () => {
    const lockedUntil = new Date(Date.now() + 12 * 60_000 + 10_000);
    const { user } = renderStaging(
      apiFailingWith(
        new OppError('FORBIDDEN', 'Account locked.', {
          reason: 'account_locked',
          lockedUntil: lockedUntil.toISOString(),
        }),
      ),
    );
    const dialog = await openSignIn(user);
    await submit(user, dialog);
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This account is locked after too many failed sign-ins.');
    expect(within(alert).getByTestId('locked-until')).toHaveTextContent(
      `It unlocks at ${formatLocalTime(lockedUntil)} (in 12 minutes).`,
    );
  });

  it('counts down a rate limit and turns Sign in back on when it ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = apiFailingWith(new OppError('RATE_LIMITED', 'Too many requests.', { retryAfterSeconds: 3 }));
    const { user } = renderStaging(api, true);
    const dialog = await openSignIn(user);
    await submit(user, dialog);

    const countdown = await within(dialog).findByTestId('retry-countdown');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Too many sign-in attempts.');
    expect(countdown).toHaveTextContent('You can try again in 3 seconds.');
    const button = within(dialog).getByRole('button', { name: 'Sign in' });
    expect(button).toBeDisabled();

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(countdown).toHaveTextContent('You can try again in 2 seconds.');
    expect(button).toBeDisabled();
    act(() => {
      vi.advanceTimersByTime(2100);
    });
    expect(countdown).toHaveTextContent('You can try again now.');
    expect(button).toBeEnabled();

    api.session.signIn.mockRestore();
    await user.type(within(dialog).getByLabelText('Password'), PASSWORD);
    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it.each([
    {
      code: 'OFFLINE',
      error: new OppError('OFFLINE', 'connect ECONNREFUSED'),
      title: 'The server cannot be reached.',
      detail: 'Check your network connection',
    },
    {
      code: 'TLS_UNTRUSTED',
      error: new OppError(
        'TLS_UNTRUSTED',
        'The certificate of staging.opp.example is self-signed. Add a CA file to this environment.',
      ),
      title: 'The server’s certificate is not trusted.',
      detail: 'is self-signed. Add a CA file',
    },
    {
      code: 'UNSUPPORTED_BY_SERVER',
      error: new OppError('UNSUPPORTED_BY_SERVER', 'https://x offers no OPP sign-in.'),
      title: 'You were not signed in.',
      detail: 'offers no OPP sign-in',
    },
  ])('explains $code in plain words', async ({ error, title, detail }) => {
    const { user } = renderStaging(apiFailingWith(error));
    const dialog = await openSignIn(user);
    await submit(user, dialog);
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(detail);
    expect(within(dialog).getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });
});
