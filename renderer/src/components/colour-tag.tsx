import type { ReactElement } from 'react';
import type { Environment } from '../../../shared/domain/environment';

export type EnvironmentColour = Environment['colour'];

/** The colour names people read (and screen readers say). */
export const COLOUR_NAMES: Readonly<Record<EnvironmentColour, string>> = {
  grey: 'Grey',
  blue: 'Blue',
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
};

/** The CSS variable of an environment colour, for a style that follows it. */
export function colourVar(colour: EnvironmentColour): string {
  return `var(--env-${colour})`;
}

/** An environment's colour tag: a dot with the colour's name for screen readers (or none, when decorative). */
export function ColourTag({
  colour,
  decorative = false,
}: {
  colour: EnvironmentColour;
  decorative?: boolean;
}): ReactElement {
  return (
    <span
      className={`colour-tag colour-tag--${colour}`}
      {...(decorative
        ? { 'aria-hidden': true }
        : { role: 'img', 'aria-label': `${COLOUR_NAMES[colour]} tag` })}
    />
  );
}
