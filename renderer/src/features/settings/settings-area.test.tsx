import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../../shared/errors';
import { createFakeOppApi } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

const INTERVAL = 'Audit sync interval (minutes)';

function validationError(message: string): OppError {
  return new OppError('VALIDATION', 'Some settings were not accepted.', {
    issues: [{ path: 'auditSyncIntervalMinutes', message }],
  });
}

/** jsdom has no matchMedia; this one says whether the OS is in dark mode. */
function stubSystemTheme(dark: boolean): void {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: dark && query === '(prefers-color-scheme: dark)',
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('theme', () => {
  it('applies the saved theme when the app starts', async () => {
    const api = createFakeOppApi({ theme: 'dark', auditSyncIntervalMinutes: 5 });
    renderWithProviders(undefined, { api });
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'dark'));
  });

  it('follows the OS for System', async () => {
    stubSystemTheme(true);
    renderWithProviders();
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'dark'));
    expect(document.documentElement).toHaveAttribute('data-theme-preference', 'system');
  });

  it('switches the theme, saves it through main and sets data-theme', async () => {
    stubSystemTheme(false);
    const { user, api } = renderWithProviders(undefined, { uiState: { area: 'settings' } });
    const dark = await screen.findByRole('radio', { name: 'Dark' });
    expect(screen.getByRole('radio', { name: 'System' })).toBeChecked();
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');

    await user.click(dark);
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    expect(dark).toBeChecked();
    await waitFor(() => expect(api.settings.update).toHaveBeenCalledWith({ theme: 'dark' }));

    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');
    await waitFor(() => expect(api.settings.update).toHaveBeenLastCalledWith({ theme: 'light' }));
  });

  it('goes back to the previous theme and says so when main refuses', async () => {
    const api = createFakeOppApi();
    api.settings.update.mockRejectedValue(new OppError('INTERNAL', 'The settings file is read-only.'));
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });
    await user.click(await screen.findByRole('radio', { name: 'Dark' }));

    expect(await screen.findByText('The theme was not saved.')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'System' })).toBeChecked();
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');
  });
});

describe('audit sync interval', () => {
  it('shows the saved value and "Saved" after a successful save', async () => {
    const api = createFakeOppApi({ theme: 'system', auditSyncIntervalMinutes: 15 });
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });
    const input = await screen.findByLabelText(INTERVAL);
    expect(input).toHaveValue(15);

    await user.clear(input);
    await user.type(input, '30');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(api.settings.update).toHaveBeenCalledWith({ auditSyncIntervalMinutes: 30 });
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it("shows main's VALIDATION message beside the field, then recovers", async () => {
    const api = createFakeOppApi();
    api.settings.update.mockRejectedValueOnce(validationError('Sync at most once a minute.'));
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });
    const input = await screen.findByLabelText(INTERVAL);

    await user.clear(input);
    await user.type(input, '0');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    // Sent as typed: the renderer does not check the range itself.
    expect(api.settings.update).toHaveBeenCalledWith({ auditSyncIntervalMinutes: 0 });
    const message = await screen.findByRole('alert');
    expect(message).toHaveTextContent('Sync at most once a minute.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(expect.stringContaining('Sync at most once a minute.'));
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();

    // The app keeps working: other areas open, and a corrected value saves.
    await user.click(screen.getByRole('button', { name: 'Users' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const again = await screen.findByLabelText(INTERVAL);
    await user.clear(again);
    await user.type(again, '10');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends fractions to main too, and shows its answer', async () => {
    const api = createFakeOppApi();
    api.settings.update.mockRejectedValueOnce(validationError('Use whole minutes.'));
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });
    const input = await screen.findByLabelText(INTERVAL);
    await user.clear(input);
    await user.type(input, '1.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.settings.update).toHaveBeenCalledWith({ auditSyncIntervalMinutes: 1.5 });
    expect(await screen.findByRole('alert')).toHaveTextContent('Use whole minutes.');
  });

  it('explains other failures in plain words', async () => {
    const api = createFakeOppApi();
    api.settings.update.mockRejectedValueOnce(new OppError('INTERNAL', 'The disk is full.'));
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The interval was not saved.');
    expect(alert).toHaveTextContent('The disk is full.');
  });
});

describe('settings loading', () => {
  it('shows loading, then an error with Try again, then the form', async () => {
    const api = createFakeOppApi();
    let fail: (error: unknown) => void = () => {};
    api.settings.get.mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)));
    const { user } = renderWithProviders(undefined, { api, uiState: { area: 'settings' } });

    expect(screen.getByRole('status')).toHaveTextContent('Loading settings…');
    fail(new OppError('INTERNAL', 'Settings file unreadable.'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Settings could not be loaded.');
    expect(alert).toHaveTextContent('Settings file unreadable.');

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText(INTERVAL)).toHaveValue(1);
  });
});
