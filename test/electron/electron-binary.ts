import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The installed Electron executable, or null. `require('electron')` is not used to find it:
 * since Electron 45 that call downloads the binary when it is missing, and these machines
 * must make no such request.
 */
export function findElectronBinary(): string | null {
  const packageDir = electronPackageDir();
  if (packageDir === null) return null;
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  let candidate: string | null = null;
  if (override !== undefined && override !== '') candidate = path.join(override, executable ?? 'electron');
  else if (executable !== null) candidate = path.join(packageDir, 'dist', executable);
  return candidate !== null && fs.existsSync(candidate) ? candidate : null;
}

/**
 * The unpacked Electron distribution the binary belongs to (what electron-builder's
 * `electronDist` takes), or null where there is no binary.
 */
export function findElectronDist(): string | null {
  if (findElectronBinary() === null) return null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') return override;
  const packageDir = electronPackageDir();
  return packageDir === null ? null : path.join(packageDir, 'dist');
}
