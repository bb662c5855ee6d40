import { Popover } from 'radix-ui';
import { useEffect, useEffectEvent, useId, useState, type FormEvent, type ReactElement } from 'react';
import { AUDIT_ACTIONS } from '../../../../shared/domain/audit';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import { DateTimeRangeFields } from '../../components/date-time-range-fields';
import { Icon } from '../../components/icons';
import {
  QUICK_RANGES,
  filterChips,
  fromLocalInput,
  isEmptyFilter,
  normalizeFilter,
  toLocalInput,
  withAction,
  withRange,
  withUsername,
} from './audit-filter';

/** How long typing pauses before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The free-text search: runs when typing pauses; follows the filter when it changes elsewhere. */
function SearchBox({ text, onSearch }: { text: string; onSearch: (text: string) => void }): ReactElement {
  const inputId = useId();
  const [draft, setDraft] = useState(text);
  const [applied, setApplied] = useState(text);
  // The filter changed elsewhere (a saved query, Clear filters): show its text.
  if (text !== applied) {
    setApplied(text);
    if (draft.trim() !== text) setDraft(text);
  }
  const search = useEffectEvent((value: string) => onSearch(value));

  useEffect(() => {
    if (draft.trim() === text) return;
    const timer = setTimeout(() => search(draft.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, text]);

  return (
    <div className="audit-search">
      <label className="visually-hidden" htmlFor={inputId}>
        Search events
      </label>
      <input
        id={inputId}
        className="input audit-search__input"
        type="search"
        placeholder="Search user, action, resource, IP, user agent, details"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && draft.trim() !== text) onSearch(draft.trim());
        }}
      />
    </div>
  );
}

type FieldKind = 'user' | 'action' | 'outcome' | 'resource' | 'ip';

const FIELD_LABELS: Record<FieldKind, string> = {
  user: 'User',
  action: 'Action',
  outcome: 'Outcome',
  resource: 'Resource',
  ip: 'IP prefix',
};

/** "Add filter": a field and a value. */
function AddFilterForm({
  filter,
  onApply,
}: {
  filter: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}): ReactElement {
  const fieldId = useId();
  const valueId = useId();
  const listId = useId();
  const [field, setField] = useState<FieldKind>('user');
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<'success' | 'failure'>('failure');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = value.trim();
    if (field !== 'outcome' && trimmed === '') return;
    const next =
      field === 'user'
        ? withUsername(filter, trimmed)
        : field === 'action'
          ? withAction(filter, trimmed)
          : field === 'outcome'
            ? normalizeFilter({ ...filter, outcome })
            : field === 'resource'
              ? normalizeFilter({ ...filter, resource: trimmed })
              : normalizeFilter({ ...filter, ipPrefix: trimmed });
    onApply(next);
  };

  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor={fieldId}>
          Field
        </label>
        <select
          id={fieldId}
          className="input"
          value={field}
          onChange={(event) => setField(event.target.value as FieldKind)}
        >
          {(Object.keys(FIELD_LABELS) as FieldKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {FIELD_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      {field === 'outcome' ? (
        <div className="field">
          <label className="field__label" htmlFor={valueId}>
            Value
          </label>
          <select
            id={valueId}
            className="input"
            value={outcome}
            onChange={(event) => setOutcome(event.target.value === 'success' ? 'success' : 'failure')}
          >
            <option value="failure">Failure</option>
            <option value="success">Success</option>
          </select>
        </div>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={valueId}>
            Value
          </label>
          <input
            id={valueId}
            className="input"
            value={value}
            list={field === 'action' ? listId : undefined}
            placeholder={field === 'ip' ? '10.2.' : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
          {field === 'action' && (
            <datalist id={listId}>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action} />
              ))}
            </datalist>
          )}
          {field === 'ip' && <p className="field__hint">The start of an address: “10.2.” or “2001:db8:”.</p>}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary">
          Add
        </button>
      </div>
    </form>
  );
}

/** "Custom range": from and to, in local time. */
function CustomRangeForm({
  filter,
  onApply,
}: {
  filter: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}): ReactElement {
  const errorId = useId();
  const [from, setFrom] = useState(toLocalInput(filter.from));
  const [to, setTo] = useState(toLocalInput(filter.to));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to);
    if (fromIso === undefined && toIso === undefined) {
      setError('Enter a start, an end, or both.');
      return;
    }
    if (fromIso !== undefined && toIso !== undefined && fromIso >= toIso) {
      setError('The start must be before the end.');
      return;
    }
    onApply(withRange(filter, fromIso, toIso));
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <DateTimeRangeFields
        from={from}
        to={to}
        onFromChange={setFrom}
        onToChange={setTo}
        errorId={error === null ? null : errorId}
      />
      {error !== null && (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary">
          Apply range
        </button>
      </div>
    </form>
  );
}

/** A button that opens a small form in a popover; the form is mounted on each opening. */
function PopoverForm({
  label,
  title,
  children,
}: {
  label: string;
  title: string;
  children: (close: () => void) => ReactElement;
}): ReactElement {
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="button">{label}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="audit-popover" align="start" sideOffset={6} aria-label={title}>
          {open && children(() => setOpen(false))}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/**
 * The filter: free text, quick and custom time ranges, more fields, and the active parts as
 * chips that remove themselves.
 */
export function AuditFilterBar({
  filter,
  onFilterChange,
}: {
  filter: AuditFilter;
  onFilterChange: (filter: AuditFilter) => void;
}): ReactElement {
  const chips = filterChips(filter);
  const apply = (next: AuditFilter): void => onFilterChange(normalizeFilter(next));

  return (
    <div className="audit-filters">
      <div className="audit-filters__row" role="search" aria-label="Filter events">
        <SearchBox text={filter.text ?? ''} onSearch={(text) => apply({ ...filter, text })} />
        <div className="audit-filters__ranges" role="group" aria-label="Time range">
          {QUICK_RANGES.map((range) => (
            <button
              key={range.label}
              type="button"
              className="button"
              onClick={() =>
                apply(withRange(filter, new Date(Date.now() - range.ms).toISOString(), undefined))
              }
            >
              {range.label}
            </button>
          ))}
          <PopoverForm label="Custom range…" title="Custom time range">
            {(close) => (
              <CustomRangeForm
                filter={filter}
                onApply={(next) => {
                  apply(next);
                  close();
                }}
              />
            )}
          </PopoverForm>
        </div>
        <PopoverForm label="Add filter…" title="Add a filter">
          {(close) => (
            <AddFilterForm
              filter={filter}
              onApply={(next) => {
                apply(next);
                close();
              }}
            />
          )}
        </PopoverForm>
      </div>
      {chips.length > 0 && (
        <ul className="audit-chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key}>
              <button
                type="button"
                className="audit-chip"
                aria-label={`Remove filter: ${chip.label}`}
                onClick={() => apply(chip.remove(filter))}
              >
                <span>{chip.label}</span>
                <Icon name="cross" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {!isEmptyFilter(filter) && (
        <button type="button" className="button button--quiet audit-filters__clear" onClick={() => apply({})}>
          Clear all filters
        </button>
      )}
    </div>
  );
}
