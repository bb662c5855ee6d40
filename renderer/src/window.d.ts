import type { OppBridge } from '../../shared/ipc/opp-api';

declare global {
  interface Window {
    /** Set by the preload (Electron) or the test harness' bridge script before the bundle runs. */
    opp: OppBridge;
  }
}

export {};
