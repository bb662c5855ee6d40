import { z } from 'zod';

/** What the About panel and the diagnostics show about this installation. */
export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  /** Electron's version, or null when main's services run outside Electron (the test harness). */
  electronVersion: z.string().nullable(),
  nodeVersion: z.string(),
  dataFolder: z.string(),
  logFolder: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

/** Preferences kept by main in the data folder, so they survive a cleared renderer. */
export const settingsSchema = z.object({
  theme: z.enum(THEME_PREFERENCES),
  /** How often the audit copy is brought up to date while online. */
  auditSyncIntervalMinutes: z
    .number()
    .int('Use whole minutes.')
    .min(1, 'Sync at most once a minute.')
    .max(1440, 'Sync at least once a day (1440 minutes).'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { theme: 'system', auditSyncIntervalMinutes: 1 };

/** A change to the settings: any subset of the fields, each fully checked. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
