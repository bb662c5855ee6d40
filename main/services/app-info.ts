import type { AppInfo } from '../../shared/domain/app';

export interface AppFacts {
  name: string;
  version: string;
  electronVersion: string | null;
  dataFolder: string;
  logFolder: string;
}

/** What the About panel shows. The facts come from the composition root (Electron or the harness). */
export function describeApp(facts: AppFacts): AppInfo {
  return {
    name: facts.name,
    version: facts.version,
    platform: process.platform,
    arch: process.arch,
    electronVersion: facts.electronVersion,
    nodeVersion: process.versions.node,
    dataFolder: facts.dataFolder,
    logFolder: facts.logFolder,
  };
}
