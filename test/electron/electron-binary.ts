import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The installed Electron executable, or null. `require('electron')` is not used to find it:
 * since Electron 45 that call downloads the binary when it is missing, and these machines
 * must make no such request.
 */
export function findElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  let candidate: string | null = null;
  if (override !== undefined && override !== '') candidate = path.join(override, executable ?? 'electron');
  else if (executable !== null) candidate = path.join(packageDir, 'dist', executable);
  return candidate !== null && fs.existsSync(candidate) ? candidate : null;
}
