import { useCallback, useRef } from 'react';

/**
 * Where the focus goes back to when a dialog closes. Radix returns it only to a Dialog.Trigger,
 * and most dialogs here are opened from buttons in lists and panels instead: the element that
 * had the focus when one opened is remembered (`remember`, called as it opens), and focused
 * again on close while it is still there and can take the focus; otherwise `fallback` (the
 * area's heading, the list), so that the focus never falls to <body>.
 */
export function useReturnFocus(fallback: () => void): {
  remember: () => void;
  onCloseAutoFocus: (event: Event) => void;
} {
  const opener = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);
  const onCloseAutoFocus = useCallback(
    (event: Event) => {
      event.preventDefault();
      const target = opener.current;
      if (target?.isConnected === true) target.focus();
      // Gone, or unable to take the focus now (disabled meanwhile).
      if (target === null || document.activeElement !== target) fallback();
    },
    [fallback],
  );
  return { remember, onCloseAutoFocus };
}
