import type { ReactElement, ReactNode } from 'react';

/**
 * An area's main heading. Focusable from script (tabIndex -1) so that a keyboard shortcut can
 * move focus to the area it opened; the shell finds it as the h1 inside <main>.
 */
export function AreaHeading({ children }: { children: ReactNode }): ReactElement {
  return (
    <h1 className="area__heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
