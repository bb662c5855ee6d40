import { Popover } from 'radix-ui';
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { useToast } from '../../components/toasts';
import { fieldIssues } from '../../components/error-messages';
import { useSetHorizon } from './audit-queries';

function horizonWords(days: number | null): string {
  return days === null ? 'everything' : `last ${days} day${days === 1 ? '' : 's'}`;
}

/** The form inside the popover: mounted on each opening, so it starts from the saved value. */
function HorizonForm({
  environmentId,
  horizonDays,
  onDone,
}: {
  environmentId: EnvironmentId;
  horizonDays: number | null;
  onDone: () => void;
}): ReactElement {
  const setHorizon = useSetHorizon(environmentId);
  const toast = useToast();
  const [keepAll, setKeepAll] = useState(horizonDays === null);
  const [days, setDays] = useState(String(horizonDays ?? 90));
  const daysId = useId();
  const errorId = useId();
  const entered = Number(days);
  const localError =
    !keepAll && (!Number.isInteger(entered) || entered < 1 || entered > 3650)
      ? 'Enter a whole number of days from 1 to 3650.'
      : null;
  const error = localError ?? fieldIssues(setHorizon.error)['days'] ?? null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (localError !== null) return;
    const value = keepAll ? null : entered;
    setHorizon.mutate(value, {
      onSuccess: () => {
        toast.show({
          title: `The copy keeps ${horizonWords(value)} from the next sync on.`,
          tone: 'success',
        });
        onDone();
      },
      onError: (failure) => toast.showError(failure, 'The horizon was not changed.', { write: true }),
    });
  };

  return (
    <form className="form" onSubmit={submit}>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Events kept on this computer</legend>
        <label className="checkbox">
          <input type="radio" name="horizon" checked={keepAll} onChange={() => setKeepAll(true)} />
          Everything
        </label>
        <label className="checkbox">
          <input type="radio" name="horizon" checked={!keepAll} onChange={() => setKeepAll(false)} />
          Only recent events
        </label>
        <div className="field">
          <label className="field__label" htmlFor={daysId}>
            Days to keep
          </label>
          <input
            id={daysId}
            className="input input--number"
            type="number"
            min={1}
            max={3650}
            value={days}
            disabled={keepAll}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : errorId}
            onChange={(event) => setDays(event.target.value)}
          />
          {error !== null && (
            <p className="field__error" id={errorId}>
              {error}
            </p>
          )}
        </div>
        <p className="field__hint">
          A very large log can be kept in part. It applies from the next sync; older events leave this
          computer.
        </p>
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={setHorizon.isPending}>
          Save horizon
        </button>
      </div>
    </form>
  );
}

/** "Keep: everything / the last N days" for very large logs. */
export function HorizonSetting({
  environmentId,
  horizonDays,
}: {
  environmentId: EnvironmentId;
  horizonDays: number | null;
}): ReactElement {
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="button">Horizon: {horizonWords(horizonDays)}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="audit-popover" align="end" sideOffset={6} aria-label="Copy horizon">
          {open && (
            <HorizonForm
              environmentId={environmentId}
              horizonDays={horizonDays}
              onDone={() => setOpen(false)}
            />
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
