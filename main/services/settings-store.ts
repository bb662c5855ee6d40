import path from 'node:path';
import { OppError } from '../../shared/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../shared/domain/app';
import type { Logger } from '../log/logger';
import { readJsonFile, writeFileAtomic } from '../storage/json-file';

/**
 * The administrator's preferences, in `settings.json` in the data folder. A damaged or
 * hand-edited file never stops the console: each field that fails its check falls back to
 * its default, and the file is rewritten whole on the next change.
 */
export class SettingsStore {
  private readonly file: string;
  private current: Settings;

  constructor(
    dataFolder: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(dataFolder, 'settings.json');
    this.current = this.load();
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    try {
      writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    } catch (error) {
      this.log.error('settings: could not be saved', { error });
      throw new OppError(
        'INTERNAL',
        'Your settings could not be saved to disk. Check that the data folder is writable and has free space.',
      );
    }
    this.current = next;
    return this.get();
  }

  private load(): Settings {
    const raw = readJsonFile(this.file);
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    if (typeof raw === 'object' && raw !== null) {
      for (const [key, value] of Object.entries(raw)) {
        const field = settingsSchema.shape[key as keyof Settings];
        if (field?.safeParse(value).success === true) merged[key] = value;
        else this.log.warn('settings: ignored an invalid stored value', { field: key });
      }
    }
    return settingsSchema.parse(merged);
  }
}
