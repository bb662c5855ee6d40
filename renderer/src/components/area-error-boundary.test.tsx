import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../testing/render-app';

// The Users area crashes while `crash.users` is true, like a bug would make it.
const crash = vi.hoisted(() => ({ users: true }));
vi.mock('../features/users/users-area', () => ({
  UsersArea: () => {
    if (crash.users) throw new Error('Cannot read the users list.');
    return <h1>Users</h1>;
  },
}));

describe('area error boundary', () => {
  beforeEach(() => {
    crash.users = true;
    // React reports caught errors on the console; keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows the crash inside the area while navigation keeps working, and Try again recovers', async () => {
    const { user } = renderWithProviders();

    await user.click(screen.getByRole('button', { name: 'Users' }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Users stopped working');
    expect(alert).toHaveTextContent('Cannot read the users list.');
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toBeInTheDocument();

    // The rest of the app still works, and the crash does not follow to other areas.
    await user.click(screen.getByRole('button', { name: 'Roles' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Roles' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'About' }));
    expect(await screen.findByTestId('about-version')).toBeInTheDocument();
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Users' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Users stopped working');

    crash.users = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
  });

  it('shows the crash again if Try again meets the same bug', async () => {
    const { user } = renderWithProviders(undefined, { uiState: { area: 'users' } });
    expect(screen.getByRole('alert')).toHaveTextContent('Users stopped working');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Users stopped working');
  });
});
