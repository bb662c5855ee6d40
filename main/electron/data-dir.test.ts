import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirArgumentError, parseDataDirArg, portablePaths } from './data-dir';

const cwd = path.resolve('/home/admin/work');
// What Electron's process.argv looks like: the executable (and in development the app path) first.
const packaged = (...args: string[]): string[] => ['/opt/OPP Console/opp-console', ...args];
const dev = (...args: string[]): string[] => [
  '/x/node_modules/electron/dist/electron',
  'out/main/index.js',
  ...args,
];

describe('parseDataDirArg', () => {
  it('returns null when no data folder is asked for', () => {
    expect(parseDataDirArg(packaged(), cwd)).toBeNull();
    expect(parseDataDirArg(dev('--enable-logging', '--inspect=0'), cwd)).toBeNull();
  });

  it('accepts --data-dir=DIR', () => {
    expect(parseDataDirArg(packaged('--data-dir=/media/usb/opp'), cwd)).toBe(path.resolve('/media/usb/opp'));
  });

  it('accepts --data-dir DIR, and the folder is not read as another argument', () => {
    expect(parseDataDirArg(dev('--data-dir', '/media/usb/opp', '--lang=en'), cwd)).toBe(
      path.resolve('/media/usb/opp'),
    );
  });

  it('resolves a relative folder against the working directory', () => {
    expect(parseDataDirArg(packaged('--data-dir=portable'), cwd)).toBe(path.join(cwd, 'portable'));
    expect(parseDataDirArg(packaged('--data-dir', '../data'), cwd)).toBe(path.resolve(cwd, '../data'));
  });

  it('keeps spaces and equals signs inside the folder name', () => {
    expect(parseDataDirArg(packaged('--data-dir=/tmp/My Data=1'), cwd)).toBe(path.resolve('/tmp/My Data=1'));
    expect(parseDataDirArg(packaged('--data-dir', '/tmp/My Data'), cwd)).toBe(path.resolve('/tmp/My Data'));
  });

  it('lets the last --data-dir win', () => {
    expect(parseDataDirArg(packaged('--data-dir=/a', '--data-dir', '/b'), cwd)).toBe(path.resolve('/b'));
    expect(parseDataDirArg(packaged('--data-dir', '/a', '--data-dir=/c'), cwd)).toBe(path.resolve('/c'));
  });

  it('reads nothing after a bare --', () => {
    expect(parseDataDirArg(packaged('--', '--data-dir=/a'), cwd)).toBeNull();
  });

  it('ignores options that only start alike', () => {
    expect(parseDataDirArg(packaged('--data-directory=/a', '--data-dirs', '/b'), cwd)).toBeNull();
  });

  it('refuses a --data-dir without a folder rather than fall back to the profile', () => {
    for (const argv of [
      packaged('--data-dir'),
      packaged('--data-dir='),
      packaged('--data-dir=   '),
      packaged('--data-dir', '--lang=en'),
      packaged('--data-dir', ''),
    ]) {
      expect(() => parseDataDirArg(argv, cwd)).toThrow(DataDirArgumentError);
    }
    expect(() => parseDataDirArg(packaged('--data-dir'), cwd)).toThrow(/--data-dir needs a folder/);
  });
});

describe('portablePaths', () => {
  it('keeps user data, Chromium session data and the logs inside the one folder', () => {
    const dir = path.resolve('/media/usb/opp');
    expect(portablePaths(dir)).toEqual({
      userData: dir,
      sessionData: dir,
      logs: path.join(dir, 'logs'),
    });
  });
});
