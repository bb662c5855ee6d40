import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OppError } from '../../../shared/errors';
import { TypedConfirmDialog } from './typed-confirm-dialog';

function renderDialog(props: Partial<Parameters<typeof TypedConfirmDialog>[0]> = {}) {
  const onConfirm = vi.fn();
  const onOpenChange = vi.fn();
  const user = userEvent.setup();
  render(
    <TypedConfirmDialog
      open
      onOpenChange={onOpenChange}
      title="Delete bob?"
      description={<p>bob is removed for good.</p>}
      phrase="bob"
      actionLabel="Delete user"
      busy={false}
      error={null}
      errorTitle="bob was not deleted."
      onConfirm={onConfirm}
      {...props}
    />,
  );
  const dialog = screen.getByRole('alertdialog', { name: 'Delete bob?' });
  return {
    user,
    onConfirm,
    onOpenChange,
    dialog,
    action: within(dialog).getByRole('button', { name: props.actionLabel ?? 'Delete user' }),
  };
}

describe('TypedConfirmDialog', () => {
  it('keeps the action off until the phrase is typed exactly, then confirms once', async () => {
    const { user, onConfirm, dialog, action } = renderDialog({ hint: 'This cannot be undone.' });
    expect(dialog).toHaveAccessibleDescription('bob is removed for good.');
    const field = within(dialog).getByLabelText('Type bob to confirm');
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription('This cannot be undone.');
    expect(action).toBeDisabled();

    for (const wrong of ['bo', 'Bob', 'bob ']) {
      await user.clear(field);
      await user.type(field, wrong);
      expect(action).toBeDisabled();
    }
    await user.clear(field);
    await user.type(field, 'bob');
    expect(action).toBeEnabled();
    await user.click(action);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('ignores Enter until the phrase matches, then Enter confirms once', async () => {
    const { user, onConfirm, dialog } = renderDialog();
    const field = within(dialog).getByLabelText('Type bob to confirm');
    await user.type(field, 'bo{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();
    await user.type(field, 'B{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();
    await user.clear(field);
    await user.type(field, 'bob{Enter}');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('stays off while busy, Enter included, and shows why the last try failed', async () => {
    const { user, onConfirm, dialog, action } = renderDialog({
      busy: true,
      error: new OppError('FORBIDDEN', 'You cannot delete your own account.'),
    });
    await user.type(within(dialog).getByLabelText('Type bob to confirm'), 'bob{Enter}');
    expect(action).toBeDisabled();
    expect(onConfirm).not.toHaveBeenCalled();
    const alert = within(dialog).getByRole('alert');
    expect(alert).toHaveTextContent('bob was not deleted.');
    expect(alert).toHaveTextContent('You cannot delete your own account.');
  });

  it('asks for no typing without a phrase, and Cancel closes without confirming', async () => {
    const { user, onConfirm, onOpenChange, dialog, action } = renderDialog({ phrase: null });
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    expect(action).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
