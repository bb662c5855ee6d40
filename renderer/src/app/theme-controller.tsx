import { useEffect } from 'react';
import { useSettings } from '../features/settings/settings-queries';
import { applyTheme, resolveTheme, useSystemPrefersDark } from './theme';
import { useUiStore } from './ui-store-context';

/**
 * Keeps <html data-theme> in step with the preference: the saved one from main when it arrives
 * (and whenever it changes), the one just chosen in between. Renders nothing.
 */
export function ThemeController(): null {
  const savedTheme = useSettings().data?.theme;
  const preference = useUiStore((state) => state.themePreference);
  const setPreference = useUiStore((state) => state.setThemePreference);
  const systemPrefersDark = useSystemPrefersDark();

  useEffect(() => {
    if (savedTheme !== undefined) setPreference(savedTheme);
  }, [savedTheme, setPreference]);

  useEffect(() => {
    applyTheme(document.documentElement, preference, resolveTheme(preference, systemPrefersDark));
  }, [preference, systemPrefersDark]);

  return null;
}
