import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../../../shared/domain/app';

export type ResolvedTheme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/**
 * Sets `data-theme` (the theme in effect, which the CSS variables follow) and
 * `data-theme-preference` (what was chosen) on <html>.
 */
export function applyTheme(root: HTMLElement, preference: ThemePreference, resolved: ResolvedTheme): void {
  root.dataset['theme'] = resolved;
  root.dataset['themePreference'] = preference;
}

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
}

function subscribe(onChange: () => void): () => void {
  const query = darkQuery();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

/** Whether the OS is in dark mode, updated live when it switches. */
export function useSystemPrefersDark(): boolean {
  return useSyncExternalStore(subscribe, () => darkQuery()?.matches ?? false);
}
