import { useQueryClient } from '@tanstack/react-query';
import { Popover } from 'radix-ui';
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { cancelRangeQueries } from './health-queries';
import {
  MAX_RANGE_MS,
  RANGE_PRESETS,
  REFRESH_CHOICES,
  describeRange,
  fromLocalInputValue,
  isRefreshId,
  resolveRange,
  sameRange,
  toLocalInputValue,
  type TimeRange,
} from './health-time';
import { healthUiStore, useHealthUi } from './health-ui-store';
import { DateTimeRangeFields } from '../../components/date-time-range-fields';

/** Changes the range: what is in flight for the old one is cancelled first, then every chart redraws. */
function useChangeRange(environmentId: EnvironmentId): (next: TimeRange) => void {
  const queryClient = useQueryClient();
  return (next) => {
    if (sameRange(next, healthUiStore.getState().range)) return;
    cancelRangeQueries(queryClient, environmentId);
    healthUiStore.getState().setRange(next);
  };
}

function CustomRangeForm({
  range,
  onApply,
}: {
  range: TimeRange;
  onApply: (range: TimeRange) => void;
}): ReactElement {
  const initial = resolveRange(range);
  const [from, setFrom] = useState(() => toLocalInputValue(initial.start));
  const [to, setTo] = useState(() => toLocalInputValue(initial.end));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const start = fromLocalInputValue(from);
    const end = fromLocalInputValue(to);
    if (start === null || end === null) return setError('Choose both a start and an end.');
    if (end <= start) return setError('The end must come after the start.');
    if (end - start > MAX_RANGE_MS) return setError('Choose a range of at most 400 days.');
    setError(null);
    onApply({ kind: 'custom', start, end });
  };

  const invalid = error !== null;
  return (
    <form className="form custom-range" onSubmit={submit} noValidate>
      <DateTimeRangeFields
        from={from}
        to={to}
        onFromChange={setFrom}
        onToChange={setTo}
        errorId={invalid ? errorId : null}
      />
      {invalid && (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <span className="button-row__spacer" />
        <button type="submit" className="button button--primary">
          Apply range
        </button>
      </div>
    </form>
  );
}

/** The time range: presets from 5 minutes to 7 days, or custom times. */
export function RangePicker({ environmentId }: { environmentId: EnvironmentId }): ReactElement {
  const range = useHealthUi((state) => state.range);
  const changeRange = useChangeRange(environmentId);
  const [customOpen, setCustomOpen] = useState(false);

  return (
    <div className="range-picker">
      <div className="button-group" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((preset) => {
          const pressed = range.kind === 'preset' && range.preset === preset.id;
          return (
            <button
              key={preset.id}
              type="button"
              className="button-group__item"
              aria-pressed={pressed}
              title={preset.words}
              onClick={() => changeRange({ kind: 'preset', preset: preset.id })}
            >
              {preset.label}
            </button>
          );
        })}
        <Popover.Root open={customOpen} onOpenChange={setCustomOpen}>
          <Popover.Trigger asChild>
            <button type="button" className="button-group__item" aria-pressed={range.kind === 'custom'}>
              Custom…
            </button>
          </Popover.Trigger>
          <Popover.Portal>
            <Popover.Content className="popover" align="end" sideOffset={6} aria-label="Custom range">
              <CustomRangeForm
                range={range}
                onApply={(next) => {
                  changeRange(next);
                  setCustomOpen(false);
                }}
              />
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
      </div>
      <span className="range-picker__words">{describeRange(range)}</span>
    </div>
  );
}

/** How often the Health area refetches; it pauses by itself while the window is hidden. */
export function RefreshSelect(): ReactElement {
  const refresh = useHealthUi((state) => state.refresh);
  const setRefresh = useHealthUi((state) => state.setRefresh);
  const id = useId();
  return (
    <div className="field field--inline">
      <label className="field__label" htmlFor={id}>
        Refresh every
      </label>
      <select
        id={id}
        className="input"
        value={refresh}
        onChange={(event) => {
          if (isRefreshId(event.target.value)) setRefresh(event.target.value);
        }}
      >
        {REFRESH_CHOICES.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
