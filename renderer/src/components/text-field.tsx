import { useId, type InputHTMLAttributes, type ReactElement, type Ref } from 'react';

export interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'id' | 'className'
> {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** A problem with the value (from main's VALIDATION or a local check), shown under the field. */
  error?: string | null | undefined;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Extra class for the input, e.g. 'input--wide'. */
  inputClassName?: string;
}

/** A labelled text input with its hint and error, wired for assistive technology. */
export function TextField({
  label,
  value,
  onValueChange,
  error,
  hint,
  inputRef,
  inputClassName,
  type = 'text',
  ...inputProps
}: TextFieldProps): ReactElement {
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const hasError = error !== undefined && error !== null && error !== '';
  const describedBy = [hasError ? errorId : null, hint !== undefined ? hintId : null]
    .filter((id) => id !== null)
    .join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <input
        {...inputProps}
        id={inputId}
        ref={inputRef}
        type={type}
        className={inputClassName === undefined ? 'input' : `input ${inputClassName}`}
        value={value}
        aria-invalid={hasError}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => onValueChange(event.target.value)}
      />
      {hasError && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {hint !== undefined && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
