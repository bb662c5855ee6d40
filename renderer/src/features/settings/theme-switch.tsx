import { RadioGroup } from 'radix-ui';
import { useId, type ReactElement } from 'react';
import { THEME_PREFERENCES, type ThemePreference } from '../../../../shared/domain/app';
import { useToast } from '../../components/toasts';
import { useUiStore } from '../../app/ui-store-context';
import { useUpdateSettings } from './settings-queries';

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

function isThemePreference(value: string): value is ThemePreference {
  return (THEME_PREFERENCES as readonly string[]).includes(value);
}

/**
 * System / Light / Dark. Applies at once, then asks main to keep it; if main refuses, the
 * previous theme comes back and a notification says why.
 */
export function ThemeSwitch(): ReactElement {
  const labelId = useId();
  const preference = useUiStore((state) => state.themePreference);
  const setPreference = useUiStore((state) => state.setThemePreference);
  const update = useUpdateSettings();
  const toast = useToast();

  const choose = (value: string): void => {
    if (!isThemePreference(value) || value === preference) return;
    const previous = preference;
    setPreference(value);
    update.mutate(
      { theme: value },
      {
        onError: (error) => {
          setPreference(previous);
          toast.showError(error, 'The theme was not saved.', { write: true });
        },
      },
    );
  };

  return (
    <div className="field">
      <span className="field__label" id={labelId}>
        Theme
      </span>
      <RadioGroup.Root
        className="segmented"
        aria-labelledby={labelId}
        orientation="horizontal"
        value={preference}
        onValueChange={choose}
      >
        {THEME_PREFERENCES.map((value) => (
          <RadioGroup.Item key={value} value={value} className="segmented__item">
            {LABELS[value]}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      <p className="field__hint">System follows your operating system’s light or dark mode.</p>
    </div>
  );
}
