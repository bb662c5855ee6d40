import { Dialog, RadioGroup } from 'radix-ui';
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { silenceInputSchema } from '../../../../shared/domain/health';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { formatLocalTime } from '../../components/time-words';
import { useToast } from '../../components/toasts';
import { useCreateSilence, type SilenceInput } from './health-queries';
import { formatMatcher, matchersFor, type Alert } from './silence-words';

const QUICK_PICKS = [
  { id: '60', label: '1 h', minutes: 60 },
  { id: '240', label: '4 h', minutes: 240 },
  { id: '1440', label: '1 d', minutes: 1440 },
] as const;
const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
type CustomUnit = keyof typeof UNIT_MINUTES;

function isUnit(value: string): value is CustomUnit {
  return Object.hasOwn(UNIT_MINUTES, value);
}

function SilenceForm({
  environmentId,
  alert,
  onDone,
}: {
  environmentId: EnvironmentId;
  alert: Alert;
  onDone: () => void;
}): ReactElement {
  const [choice, setChoice] = useState<string>('60');
  const [amount, setAmount] = useState('2');
  const [unit, setUnit] = useState<CustomUnit>('hours');
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<Readonly<Record<string, string>>>({});
  const create = useCreateSilence(environmentId);
  const toast = useToast();
  const durationLabelId = useId();
  const amountId = useId();
  const unitId = useId();
  const commentId = useId();
  const commentErrorId = useId();
  const durationErrorId = useId();
  const matchers = matchersFor(alert);
  const serverIssues = fieldIssues(create.error);
  const shown = { ...serverIssues, ...issues };

  const minutes = (): number => {
    const pick = QUICK_PICKS.find((quick) => quick.id === choice);
    if (pick !== undefined) return pick.minutes;
    const value = Number(amount.replace(',', '.'));
    return Number.isFinite(value) ? Math.round(value * UNIT_MINUTES[unit]) : Number.NaN;
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const input: SilenceInput = { environmentId, matchers, durationMinutes: minutes(), comment };
    const parsed = silenceInputSchema.safeParse(input);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field = path.startsWith('durationMinutes') ? 'durationMinutes' : path;
        found[field] ??=
          field === 'durationMinutes' && Number.isNaN(input.durationMinutes)
            ? 'Enter a number.'
            : issue.message;
      }
      setIssues(found);
      return;
    }
    setIssues({});
    create.mutate(parsed.data, {
      onSuccess: ({ silenceId }) => {
        const until = new Date(Date.now() + parsed.data.durationMinutes * 60_000);
        toast.show({
          title: `${alert.name} silenced.`,
          description: `Silence ${silenceId} holds until ${formatLocalTime(until)}.`,
          tone: 'success',
        });
        onDone();
      },
    });
  };

  const durationError = shown['durationMinutes'];
  const commentError = shown['comment'];
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <span className="field__label" id={durationLabelId}>
          Duration
        </span>
        <RadioGroup.Root
          className="segmented"
          aria-labelledby={durationLabelId}
          aria-describedby={durationError === undefined ? undefined : durationErrorId}
          orientation="horizontal"
          value={choice}
          onValueChange={setChoice}
        >
          {QUICK_PICKS.map((pick) => (
            <RadioGroup.Item key={pick.id} value={pick.id} className="segmented__item">
              {pick.label}
            </RadioGroup.Item>
          ))}
          <RadioGroup.Item value="custom" className="segmented__item">
            Custom
          </RadioGroup.Item>
        </RadioGroup.Root>
        {choice === 'custom' && (
          <div className="field__row">
            <label className="visually-hidden" htmlFor={amountId}>
              Custom duration
            </label>
            <input
              id={amountId}
              className="input input--number"
              type="number"
              min={1}
              inputMode="decimal"
              value={amount}
              aria-invalid={durationError !== undefined}
              onChange={(event) => setAmount(event.target.value)}
            />
            <label className="visually-hidden" htmlFor={unitId}>
              Unit
            </label>
            <select
              id={unitId}
              className="input"
              value={unit}
              onChange={(event) => {
                if (isUnit(event.target.value)) setUnit(event.target.value);
              }}
            >
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </div>
        )}
        {durationError !== undefined && (
          <p className="field__error" id={durationErrorId}>
            {durationError}
          </p>
        )}
      </div>

      <div className="field">
        <label className="field__label" htmlFor={commentId}>
          Comment
        </label>
        <textarea
          id={commentId}
          className="input input--textarea"
          rows={3}
          maxLength={1000}
          placeholder="Why, and who is on it: e.g. “Disk cleanup running, Sam”"
          value={comment}
          aria-invalid={commentError !== undefined}
          aria-describedby={commentError === undefined ? undefined : commentErrorId}
          aria-required="true"
          onChange={(event) => setComment(event.target.value)}
        />
        {commentError !== undefined && (
          <p className="field__error" id={commentErrorId}>
            {commentError}
          </p>
        )}
      </div>

      <div className="silence-matchers">
        <p className="field__label">Matches alerts with exactly these labels</p>
        <ul className="chips" aria-label="Matchers">
          {matchers.map((matcher) => (
            <li key={matcher.name} className="chip">
              {formatMatcher(matcher)}
            </li>
          ))}
        </ul>
      </div>

      {create.isError && Object.keys(serverIssues).length === 0 && (
        <ErrorMessage error={create.error} title="The silence was not created." write />
      )}
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <Dialog.Close className="button">Cancel</Dialog.Close>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create silence
        </button>
      </div>
    </form>
  );
}

/** Silences one alert in AlertManager: how long, why, and exactly which labels it matches. */
export function SilenceDialog({
  environmentId,
  alert,
  open,
  onOpenChange,
}: {
  environmentId: EnvironmentId;
  alert: Alert;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}): ReactElement {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog__title">Silence {alert.name}</Dialog.Title>
          <Dialog.Description className="dialog__description">
            While the silence holds, AlertManager sends no notifications for this alert. The comment is shown
            to everyone on call.
          </Dialog.Description>
          {/* Rendered only while open: each opening starts empty. */}
          {open && (
            <SilenceForm environmentId={environmentId} alert={alert} onDone={() => onOpenChange(false)} />
          )}
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
