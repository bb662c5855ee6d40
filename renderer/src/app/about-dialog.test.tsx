import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OppError } from '../../../shared/errors';
import { SAMPLE_APP_INFO, createFakeOppApi } from '../testing/fake-opp-api';
import { renderWithProviders } from '../testing/render-app';

describe('About panel', () => {
  it('shows what app.info answers', async () => {
    const api = createFakeOppApi();
    api.app.info.mockResolvedValue({ ...SAMPLE_APP_INFO, version: '9.8.7', electronVersion: '45.5.0' });
    const { user } = renderWithProviders(undefined, { api });

    expect(api.app.info).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'About' }));

    const dialog = screen.getByRole('dialog', { name: 'About OPP Console' });
    expect(await within(dialog).findByTestId('about-version')).toHaveTextContent('9.8.7');
    expect(within(dialog).getByText('linux (x64)')).toBeInTheDocument();
    expect(within(dialog).getByText('45.5.0')).toBeInTheDocument();
    expect(within(dialog).getByText(SAMPLE_APP_INFO.nodeVersion)).toBeInTheDocument();
    expect(within(dialog).getByText(SAMPLE_APP_INFO.dataFolder)).toBeInTheDocument();
    expect(within(dialog).getByText(SAMPLE_APP_INFO.logFolder)).toBeInTheDocument();
  });

  it('says when main does not run in Electron', async () => {
    const { user } = renderWithProviders();
    await user.click(screen.getByRole('button', { name: 'About' }));
    expect(await screen.findByText('not running in Electron')).toBeInTheDocument();
  });

  it('opens the log folder through main', async () => {
    const { user, api } = renderWithProviders();
    await user.click(screen.getByRole('button', { name: 'About' }));
    await user.click(await screen.findByRole('button', { name: 'Open log folder' }));
    expect(api.app.openLogFolder).toHaveBeenCalledTimes(1);
  });

  it('explains a failure to open the log folder', async () => {
    const api = createFakeOppApi();
    api.app.openLogFolder.mockRejectedValue(new OppError('INTERNAL', 'The file manager did not start.'));
    const { user } = renderWithProviders(undefined, { api });
    await user.click(screen.getByRole('button', { name: 'About' }));
    await user.click(await screen.findByRole('button', { name: 'Open log folder' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The log folder could not be opened.');
    expect(alert).toHaveTextContent('The file manager did not start.');
  });

  it('shows loading, then an error with Try again, then the facts', async () => {
    const api = createFakeOppApi();
    let fail: (error: unknown) => void = () => {};
    api.app.info.mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)));
    const { user } = renderWithProviders(undefined, { api });
    await user.click(screen.getByRole('button', { name: 'About' }));

    expect(screen.getByRole('status')).toHaveTextContent('Loading version and folders…');
    fail(new OppError('INTERNAL', 'Main is not ready.'));
    expect(await screen.findByRole('alert')).toHaveTextContent('The version and folders could not be read.');

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('about-version')).toHaveTextContent(SAMPLE_APP_INFO.version);
  });

  it('closes and gives focus back to the About button', async () => {
    const { user } = renderWithProviders();
    await user.click(screen.getByRole('button', { name: 'About' }));
    await screen.findByTestId('about-version');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'About' })).toHaveFocus();
  });

  it('keeps area shortcuts off while open', async () => {
    const { user } = renderWithProviders();
    await user.click(screen.getByRole('button', { name: 'About' }));
    await user.keyboard('{Control>}2{/Control}');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('heading', { level: 1, name: 'Environments' })).toBeInTheDocument();
  });
});
