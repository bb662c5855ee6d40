import path from 'node:path';

const OPTION = '--data-dir';

/** A `--data-dir` that cannot be used: the console says so and stops rather than fall back. */
export class DataDirArgumentError extends Error {
  override readonly name = 'DataDirArgumentError';
}

/**
 * The portable data folder asked for on the command line, as an absolute path, or null when
 * none was given. Accepts `--data-dir=DIR` and `--data-dir DIR`; the last one wins, and
 * nothing after a bare `--` is read. A relative DIR is taken from `cwd`.
 *
 * A `--data-dir` without a folder is an error, not "use the default": the user wanted the data
 * kept somewhere on purpose (a USB stick, a test folder), and silently writing it to the
 * profile instead would leave it behind on the machine.
 */
export function parseDataDirArg(argv: readonly string[], cwd: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    let value: string | undefined;
    if (arg === OPTION) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) {
        throw new DataDirArgumentError(`${OPTION} needs a folder: ${OPTION} DIR or ${OPTION}=DIR`);
      }
      i += 1;
    } else if (arg.startsWith(`${OPTION}=`)) {
      value = arg.slice(OPTION.length + 1);
    } else {
      continue;
    }
    if (value.trim() === '') {
      throw new DataDirArgumentError(`${OPTION} needs a folder: ${OPTION} DIR or ${OPTION}=DIR`);
    }
    found = path.resolve(cwd, value);
  }
  return found;
}

/** Where Electron keeps each kind of data when the console runs from a portable folder. */
export interface PortablePaths {
  /** Settings, caches, window state: everything the console writes. */
  userData: string;
  /** Chromium's own storage (cookies, local storage, caches); Electron puts it in userData by default. */
  sessionData: string;
  /** On macOS the logs would otherwise go to ~/Library/Logs, outside the portable folder. */
  logs: string;
}

export function portablePaths(dataDir: string): PortablePaths {
  return { userData: dataDir, sessionData: dataDir, logs: path.join(dataDir, 'logs') };
}
