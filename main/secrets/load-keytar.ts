import type { KeytarApi } from './keytar-secret-store';

/** Loads the keytar native module lazily, so a system where it cannot load still starts (memory-only). */
export async function loadKeytar(): Promise<KeytarApi> {
  const loaded = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return loaded.default ?? loaded;
}
