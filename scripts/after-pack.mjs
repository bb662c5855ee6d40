// electron-builder `afterPack` hook (wired in electron-builder.yml): flips the Electron fuses
// in the packed executable. Fuses are bits compiled into the Electron binary that turn
// features off for good; flipping them after packing and before signing (electron-builder
// signs after this hook) is the only way to change them. What we turn off is what would let
// anyone with a shell run code inside our signed app:
//
//   RunAsNode                             off  ELECTRON_RUN_AS_NODE=1 would make the app a plain Node.
//   EnableNodeOptionsEnvironmentVariable  off  NODE_OPTIONS=--require=evil.js would be loaded.
//   EnableNodeCliInspectArguments         off  --inspect would open a debugger on main.
//   EnableCookieEncryption                on   the cookie store is encrypted with the OS keychain key.
//   OnlyLoadAppFromAsar                   on   only resources/app.asar is loaded, never a resources/app/ folder.
//   EnableEmbeddedAsarIntegrityValidation on   macOS and Windows only: the asar must match the hash that
//                                             electron-builder records in Info.plist / the .exe resources.
//
// On Linux Electron has no asar integrity check, so that fuse is left as it is (off) there;
// OnlyLoadAppFromAsar still applies. The other fuses keep Electron's defaults.
//
// Electron's own `electronFuses` option is not used: it would fail outright on the stand-in
// Electron that `npm run package:check` packs with (a dummy file with no fuse wire), where this
// hook says it skips. The hook refuses to skip a file that looks like a real Electron binary.
import fs from 'node:fs';
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/** A file this small cannot be Electron (its executable is well over 100 MB): a stand-in. */
const STAND_IN_MAX_BYTES = 1024 * 1024;

/**
 * The fuse settings for one platform, named as electron-builder names its `electronFuses`
 * option. `platformName` is electron-builder's: darwin, mas, win32, linux.
 */
export function fuseSettings(platformName) {
  const hasAsarIntegrity = platformName === 'darwin' || platformName === 'mas' || platformName === 'win32';
  return {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    ...(hasAsarIntegrity ? { enableEmbeddedAsarIntegrityValidation: true } : {}),
  };
}

/** The @electron/fuses configuration for those settings. */
export function fuseConfig(platformName) {
  const settings = fuseSettings(platformName);
  const config = {
    version: FuseVersion.V1,
    // Flipping bits breaks the ad-hoc signature of a macOS build; re-sign ad hoc so an unsigned
    // (arm64) build still starts. A real signature, when configured, is applied after this hook.
    resetAdHocDarwinSignature: platformName === 'darwin' || platformName === 'mas',
    [FuseV1Options.RunAsNode]: settings.runAsNode,
    [FuseV1Options.EnableCookieEncryption]: settings.enableCookieEncryption,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: settings.enableNodeOptionsEnvironmentVariable,
    [FuseV1Options.EnableNodeCliInspectArguments]: settings.enableNodeCliInspectArguments,
    [FuseV1Options.OnlyLoadAppFromAsar]: settings.onlyLoadAppFromAsar,
  };
  if (settings.enableEmbeddedAsarIntegrityValidation !== undefined) {
    config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation] =
      settings.enableEmbeddedAsarIntegrityValidation;
  }
  return config;
}

/** Where electron-builder put the Electron executable (the .app bundle on macOS). */
export function electronExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** The file that holds the fuse wire: the executable, or the framework inside a macOS bundle. */
function fuseFile(executable) {
  return executable.endsWith('.app')
    ? path.join(executable, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework')
    : executable;
}

/** Flips the fuses, or explains why it skips; `log` is for tests. */
export async function applyFuses(context, log = (line) => console.log(line)) {
  const executable = electronExecutable(context);
  const file = fuseFile(executable);
  try {
    await getCurrentFuseWire(executable);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (/sentinel/i.test(message) && size >= 0 && size < STAND_IN_MAX_BYTES) {
      log(
        `  • fuses skipped: ${file} has no fuse wire (${size} bytes: a stand-in Electron, not a real one). ` +
          'Nothing was flipped; a real build flips RunAsNode, NODE_OPTIONS and --inspect off.',
      );
      return { flipped: false };
    }
    throw new Error(`fuses: cannot read the fuse wire of ${file}: ${message}`, { cause: error });
  }
  const config = fuseConfig(context.electronPlatformName);
  await flipFuses(executable, config);
  // Read back what is now in the binary: a fuse that did not take fails the build.
  const wire = await getCurrentFuseWire(executable);
  for (const [index, wanted] of Object.entries(config)) {
    if (!/^\d+$/.test(index)) continue;
    const actual = wire[index];
    const expected = wanted ? 49 : 48; // '1' : '0'
    if (actual !== expected)
      throw new Error(`fuses: ${FuseV1Options[index]} is ${String(actual)} after flipping, not ${expected}`);
  }
  const summary = Object.entries(fuseSettings(context.electronPlatformName))
    .map(([name, on]) => `${name}=${on ? 'on' : 'off'}`)
    .join(' ');
  log(`  • fuses flipped  file=${file} ${summary}`);
  return { flipped: true };
}

/** electron-builder looks the hook up by this name. */
export async function afterPack(context) {
  await applyFuses(context);
}
