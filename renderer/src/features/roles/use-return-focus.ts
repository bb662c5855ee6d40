import { useCallback, useRef } from 'react';

/**
 * Where the focus goes back to when a dialog closes. Radix returns it to a Dialog.Trigger, and
 * these dialogs are opened from buttons in lists instead: the button that opened one is
 * remembered, and focused again on close while it is still there; otherwise `fallback`.
 */
export function useReturnFocus(fallback: () => void): {
  remember: () => void;
  onCloseAutoFocus: (event: Event) => void;
} {
  const opener = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const onCloseAutoFocus = useCallback(
    (event: Event) => {
      event.preventDefault();
      if (opener.current?.isConnected === true) opener.current.focus();
      else fallback();
    },
    [fallback],
  );
  return { remember, onCloseAutoFocus };
}
