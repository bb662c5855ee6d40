import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../testing/render-app';
import { AREAS } from './areas';

function navButton(name: string): HTMLElement {
  return within(screen.getByRole('navigation', { name: 'Areas' })).getByRole('button', { name });
}

describe('app shell', () => {
  it('has a banner with the app name, a navigation and a main region', async () => {
    renderWithProviders();
    expect(within(screen.getByRole('banner')).getByText('OPP Console')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Areas' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Environments' })).toBeInTheDocument();
    expect(navButton('Environments')).toHaveAttribute('aria-current', 'page');
  });

  it.each(AREAS.map((area) => [area.label]))('reaches %s by click and marks it current', async (label) => {
    const { user } = renderWithProviders(undefined, {
      uiState: { area: label === 'Users' ? 'roles' : 'users' },
    });
    await user.click(navButton(label));
    expect(screen.getByRole('heading', { level: 1, name: label })).toBeInTheDocument();
    expect(navButton(label)).toHaveAttribute('aria-current', 'page');
    const others = AREAS.filter((area) => area.label !== label);
    for (const other of others) expect(navButton(other.label)).not.toHaveAttribute('aria-current');
  });

  it.each(AREAS.map((area) => [area.label, area.shortcutDigit]))(
    'reaches %s with Ctrl+%s and moves focus to its heading',
    async (label, digit) => {
      const { user } = renderWithProviders(undefined, {
        uiState: { area: label === 'Users' ? 'roles' : 'users' },
      });
      await user.keyboard(`{Control>}${digit}{/Control}`);
      const heading = screen.getByRole('heading', { level: 1, name: label });
      expect(heading).toHaveFocus();
      expect(navButton(label)).toHaveAttribute('aria-current', 'page');
    },
  );

  it('ignores digits without Ctrl, and Ctrl+digit with Alt or Shift', async () => {
    const { user } = renderWithProviders();
    await user.keyboard('2');
    await user.keyboard('{Control>}{Alt>}3{/Alt}{/Control}');
    await user.keyboard('{Control>}{Shift>}4{/Shift}{/Control}');
    expect(screen.getByRole('heading', { level: 1, name: 'Environments' })).toBeInTheDocument();
  });

  it('ignores area shortcuts typed inside a dialog, which would unmount what it edits', async () => {
    const { user } = renderWithProviders();
    await user.click(await screen.findByRole('button', { name: 'Add environment' }));
    await user.type(screen.getByLabelText('Name'), 'Lab');
    await user.keyboard('{Control>}2{/Control}');
    expect(screen.getByRole('dialog', { name: 'Add environment' })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Lab');
  });

  it('shows each shortcut in the nav tooltip and as aria-keyshortcuts', async () => {
    const { user } = renderWithProviders();
    expect(navButton('Audit')).toHaveAttribute('aria-keyshortcuts', 'Control+4');
    await user.hover(navButton('Audit'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Audit Ctrl+4');
  });

  it('reaches the nav items with Tab and opens one with Enter', async () => {
    const { user } = renderWithProviders();
    await user.tab(); // About, in the header
    await user.tab();
    expect(navButton('Environments')).toHaveFocus();
    await user.tab();
    expect(navButton('Users')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
  });

  it('collapses the sidebar but keeps each item named', async () => {
    const { user } = renderWithProviders();
    await user.click(screen.getByRole('button', { name: 'Collapse sidebar' }));
    expect(screen.getByRole('navigation', { name: 'Areas' })).toHaveAttribute('data-collapsed', 'true');
    expect(screen.getByRole('button', { name: 'Expand sidebar' })).toHaveAttribute('aria-expanded', 'false');
    expect(navButton('Roles')).toBeInTheDocument();
  });
});
