/** Messages over the IPC pipe between a launcher and its reaper sidecar (reaper.ts). */

export interface ReaperSettings {
  /** Removed by the reaper once every child is gone (the launcher's own temp folder), if set. */
  cleanupDir?: string;
  /** Time a child gets between SIGTERM and SIGKILL. */
  killTimeoutMs: number;
  /** Prefix each child's command with `setpriv --pdeathsig TERM` (see reaper.ts). */
  setprivPath?: string;
}

export type ToReaper =
  | { type: 'spawn'; id: number; name: string; command: string; args: string[]; logFile: string }
  | { type: 'stop'; id: number; names: string[] }
  | { type: 'shutdown' };

export type FromReaper =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'stopped'; id: number }
  | { type: 'exit'; name: string; pid: number; code: number | null; signal: string | null };
