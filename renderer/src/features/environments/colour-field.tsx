import { RadioGroup } from 'radix-ui';
import { useId, type ReactElement } from 'react';
import { ENVIRONMENT_COLOURS } from '../../../../shared/domain/environment';
import { COLOUR_NAMES, type EnvironmentColour } from '../../components/colour-tag';

function isColour(value: string): value is EnvironmentColour {
  return (ENVIRONMENT_COLOURS as readonly string[]).includes(value);
}

/** The environment's colour tag: one radio per colour, each a swatch with its name. */
export function ColourField({
  value,
  onChange,
  error,
}: {
  value: EnvironmentColour;
  onChange: (colour: EnvironmentColour) => void;
  error?: string | undefined;
}): ReactElement {
  const labelId = useId();
  const errorId = useId();
  return (
    <div className="field">
      <span className="field__label" id={labelId}>
        Colour
      </span>
      <RadioGroup.Root
        className="swatches"
        aria-labelledby={labelId}
        aria-describedby={error === undefined ? undefined : errorId}
        orientation="horizontal"
        value={value}
        onValueChange={(next) => {
          if (isColour(next)) onChange(next);
        }}
      >
        {ENVIRONMENT_COLOURS.map((colour) => (
          <RadioGroup.Item key={colour} value={colour} className="swatch">
            <span className={`colour-tag colour-tag--${colour} swatch__dot`} aria-hidden="true" />
            <span className="swatch__name">{COLOUR_NAMES[colour]}</span>
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      {error !== undefined && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
