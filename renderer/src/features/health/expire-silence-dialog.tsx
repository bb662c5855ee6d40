import { AlertDialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { formatLocalTime } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useExpireSilence } from './health-queries';
import { formatMatcher, type Silence } from './silence-words';

function ExpireBody({
  environmentId,
  silence,
  onDone,
}: {
  environmentId: EnvironmentId;
  silence: Silence;
  onDone: () => void;
}): ReactElement {
  const expire = useExpireSilence(environmentId);
  const toast = useToast();
  return (
    <>
      <AlertDialog.Description asChild>
        <div className="dialog__description">
          <p>
            The alerts it matches notify again at once if they still fire. Silence {silence.id}, by{' '}
            {silence.createdBy}, until {formatLocalTime(new Date(silence.endsAt))}:
          </p>
          <p className="silence-comment">“{silence.comment}”</p>
          <ul className="chips" aria-label="Matchers">
            {silence.matchers.map((matcher) => (
              <li key={`${matcher.name}${matcher.value}`} className="chip">
                {formatMatcher(matcher)}
              </li>
            ))}
          </ul>
        </div>
      </AlertDialog.Description>
      {expire.isError && <ErrorMessage error={expire.error} title="The silence was not expired." write />}
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
        <button
          type="button"
          className="button button--danger"
          disabled={expire.isPending}
          onClick={() =>
            // The promise, not mutate's callbacks: the row that opened this may be gone by then.
            void expire.mutateAsync(silence.id).then(
              () => {
                toast.show({ title: `Silence ${silence.id} expired.`, tone: 'success' });
                onDone();
              },
              () => {}, // shown above from expire.error
            )
          }
        >
          Expire now
        </button>
      </div>
    </>
  );
}

/** Asks before ending a silence, saying what it covered. */
export function ExpireSilenceDialog({
  environmentId,
  silence,
  open,
  onOpenChange,
}: {
  environmentId: EnvironmentId;
  silence: Silence;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}): ReactElement {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog--narrow">
          <AlertDialog.Title className="dialog__title">Expire this silence?</AlertDialog.Title>
          {open && (
            <ExpireBody environmentId={environmentId} silence={silence} onDone={() => onOpenChange(false)} />
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
