import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useToast } from '../../components/toasts';
import { EnvironmentForm } from './environment-form';

/** "Add environment" (no `environment`) or "Edit environment". */
export function EnvironmentDialog({
  environment,
  open,
  onOpenChange,
  onCloseAutoFocus,
}: {
  environment?: EnvironmentView;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  const toast = useToast();
  const adding = environment === undefined;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--wide" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">
            {adding ? 'Add environment' : 'Edit environment'}
          </Dialog.Title>
          <Dialog.Description className="dialog__description">
            {adding
              ? 'An OPP deployment you administer: its API, and optionally its Prometheus and AlertManager.'
              : `Changes to ${environment.name}. Passwords and tokens stay in the system keychain.`}
          </Dialog.Description>
          {/* Rendered only while open: each opening starts from the saved values. */}
          <EnvironmentForm
            environment={environment}
            onCancel={() => onOpenChange(false)}
            onSaved={(saved) => {
              onOpenChange(false);
              toast.show({ title: `${saved.name} ${adding ? 'added' : 'saved'}.`, tone: 'success' });
            }}
          />
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
