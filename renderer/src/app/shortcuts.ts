import { AREAS, type AreaId } from './areas';

/** macOS uses Cmd for app shortcuts, everything else Ctrl. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** How a shortcut is written for people, e.g. "Ctrl+2" or "⌘2". */
export function shortcutLabel(digit: string): string {
  return IS_MAC ? `⌘${digit}` : `Ctrl+${digit}`;
}

/** The `aria-keyshortcuts` value, e.g. "Control+2". */
export function ariaKeyShortcut(digit: string): string {
  return IS_MAC ? `Meta+${digit}` : `Control+${digit}`;
}

/**
 * The area a key press asks for, if it is Ctrl/Cmd plus a digit. Reads `code` as well as `key`
 * because on some layouts (AZERTY) the digit row gives symbols without Shift.
 */
export function areaForShortcut(event: KeyboardEvent): AreaId | undefined {
  if (event.defaultPrevented || event.altKey || event.shiftKey) return undefined;
  const modifier = IS_MAC ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!modifier) return undefined;
  const digit = /^[0-9]$/.test(event.key) ? event.key : /^(?:Digit|Numpad)([0-9])$/.exec(event.code)?.[1];
  return AREAS.find((area) => area.shortcutDigit === digit)?.id;
}
