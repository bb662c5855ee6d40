import { useId, type ReactElement } from 'react';

/**
 * The "From" and "To" fields of a custom time range (audit filters, health charts). Each form
 * keeps its own parsing and checks; `errorId` names its error message while it has one.
 */
export function DateTimeRangeFields({
  from,
  to,
  onFromChange,
  onToChange,
  errorId,
}: {
  from: string;
  to: string;
  onFromChange: (value: string) => void;
  onToChange: (value: string) => void;
  /** The id of the form's error message, or null while there is none. */
  errorId: string | null;
}): ReactElement {
  const fromId = useId();
  const toId = useId();
  const fields = [
    { id: fromId, label: 'From', value: from, onChange: onFromChange },
    { id: toId, label: 'To', value: to, onChange: onToChange },
  ];
  return (
    <>
      {fields.map((field) => (
        <div className="field" key={field.label}>
          <label className="field__label" htmlFor={field.id}>
            {field.label}
          </label>
          <input
            id={field.id}
            className="input"
            type="datetime-local"
            value={field.value}
            aria-invalid={errorId !== null}
            aria-describedby={errorId ?? undefined}
            onChange={(event) => field.onChange(event.target.value)}
          />
        </div>
      ))}
    </>
  );
}
