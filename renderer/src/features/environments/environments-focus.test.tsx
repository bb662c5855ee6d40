import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PRODUCTION, STAGING, createFakeOppApi } from '../../testing/fake-opp-api';
import { renderWithProviders } from '../../testing/render-app';

// Radix returns the focus only to a Dialog.Trigger; these dialogs open from plain buttons, and
// must give the focus back to the one used (or to the heading when it is gone), never to <body>.

function renderArea() {
  return renderWithProviders(undefined, {
    api: createFakeOppApi(undefined, { environments: [STAGING, PRODUCTION] }),
  });
}

async function rowButton(environment: string, name: RegExp): Promise<HTMLElement> {
  const row = await screen.findByRole('listitem', { name: environment });
  return within(row).findByRole('button', { name });
}

describe('focus after the environments dialogs', () => {
  it('goes back to Add environment on Escape', async () => {
    const { user } = renderArea();
    await screen.findByRole('listitem', { name: 'Staging' });
    const add = screen.getByRole('button', { name: 'Add environment' });
    await user.click(add);
    expect(screen.getByRole('dialog', { name: 'Add environment' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(add).toHaveFocus());
  });

  it("goes back to the row's Edit, opened by keyboard, on Cancel", async () => {
    const { user } = renderArea();
    const edit = await rowButton('Staging', /^Edit/);
    edit.focus();
    await user.keyboard('{Enter}');
    const dialog = screen.getByRole('dialog', { name: 'Edit environment' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(edit).toHaveFocus());
  });

  it("goes back to the row's Edit after saving", async () => {
    const { user, api } = renderArea();
    const edit = await rowButton('Staging', /^Edit/);
    await user.click(edit);
    const dialog = screen.getByRole('dialog', { name: 'Edit environment' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Staging saved.')).toBeInTheDocument();
    expect(api.environments.save).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(edit).toHaveFocus());
  });

  it("goes back to the row's Sign in on Escape", async () => {
    const { user } = renderArea();
    const signIn = await rowButton('Staging', /^Sign in/);
    await waitFor(() => expect(signIn).toBeEnabled());
    await user.click(signIn);
    expect(screen.getByRole('dialog', { name: 'Sign in to Staging' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(signIn).toHaveFocus());
  });

  it("goes back to the row's Delete when cancelled", async () => {
    const { user } = renderArea();
    const remove = await rowButton('Production', /^Delete/);
    await user.click(remove);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Production?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(remove).toHaveFocus());
  });

  it('goes to the heading once the environment is deleted', async () => {
    const { user } = renderArea();
    const remove = await rowButton('Production', /^Delete/);
    await user.click(remove);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Production?' });
    await user.type(within(dialog).getByLabelText('Type Production to confirm'), 'Production');
    await user.click(within(dialog).getByRole('button', { name: 'Delete environment' }));
    expect(await screen.findByText('Production deleted.')).toBeInTheDocument();
    expect(remove).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'Environments' })).toHaveFocus(),
    );
  });
});
