import { AlertDialog } from 'radix-ui';
import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { TextField } from './text-field';

interface ConfirmBodyProps {
  /** What goes and what stays: the dialog's accessible description. */
  description: ReactNode;
  /** What must be typed, exactly, to confirm; null when no typing is asked for. */
  phrase: string | null;
  /** Said under the field (why typing is asked for). */
  hint?: string | undefined;
  actionLabel: string;
  /** The action runs: it is off meanwhile. */
  busy: boolean;
  /** Why the last try failed (main's message), shown above the buttons; null when none. */
  error: unknown;
  /** What failed, as the error's title. */
  errorTitle: string;
  onConfirm: () => void;
}

function ConfirmBody({
  description,
  phrase,
  hint,
  actionLabel,
  busy,
  error,
  errorTitle,
  onConfirm,
}: ConfirmBodyProps): ReactElement {
  const [typed, setTyped] = useState('');
  const confirmed = phrase === null || typed === phrase;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // Enter in the field submits too, and is ignored just as the button is.
    if (confirmed && !busy) onConfirm();
  };

  return (
    <form noValidate onSubmit={submit}>
      <AlertDialog.Description asChild>
        <div className="dialog__description">{description}</div>
      </AlertDialog.Description>
      {phrase !== null && (
        <TextField
          label={`Type ${phrase} to confirm`}
          hint={hint}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={typed}
          onValueChange={setTyped}
          autoFocus
        />
      )}
      {error !== null && error !== undefined && <ErrorMessage error={error} title={errorTitle} write />}
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
        <button type="submit" className="button button--danger" disabled={!confirmed || busy}>
          {actionLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * Confirms an action that cannot be undone (a deletion). With a `phrase`, the action stays off
 * until the phrase is typed exactly (the name of what goes); without one, a plain confirmation.
 */
export function TypedConfirmDialog({
  open,
  onOpenChange,
  title,
  onCloseAutoFocus,
  ...body
}: ConfirmBodyProps & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus?: (event: Event) => void;
}): ReactElement {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--narrow" onCloseAutoFocus={onCloseAutoFocus}>
          <AlertDialog.Title className="dialog__title">{title}</AlertDialog.Title>
          {/* Rendered only while open: each opening starts with an empty field. */}
          <ConfirmBody {...body} />
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
