/** The platform's core as this fetch found it. */
export type CoreSummary =
  | { state: 'components'; healthy: number; total: number }
  /** Only the basic health page answered (a legacy server): one overall status. */
  | { state: 'basic'; status: string }
  | { state: 'unreachable' };

/** The monitoring targets as this fetch found them. */
export type MonitoringSummary =
  { state: 'targets'; up: number; total: number } | { state: 'not_configured' } | { state: 'unreachable' };

/**
 * One line that says how the platform is, in the words it uses for itself:
 * "core 5/5 healthy, monitoring 4/4 up", or what is missing ("core unreachable, monitoring 3/4
 * up", "core 5/5 healthy, monitoring not configured").
 */
export function summaryText(core: CoreSummary, monitoring: MonitoringSummary): string {
  return `${coreWords(core)}, ${monitoringWords(monitoring)}`;
}

function coreWords(core: CoreSummary): string {
  switch (core.state) {
    case 'components':
      return core.total === 0 ? 'core reports no components' : `core ${core.healthy}/${core.total} healthy`;
    case 'basic':
      return `core ${core.status} (basic health only)`;
    case 'unreachable':
      return 'core unreachable';
  }
}

function monitoringWords(monitoring: MonitoringSummary): string {
  switch (monitoring.state) {
    case 'targets':
      return monitoring.total === 0
        ? 'monitoring has no targets'
        : `monitoring ${monitoring.up}/${monitoring.total} up`;
    case 'not_configured':
      return 'monitoring not configured';
    case 'unreachable':
      return 'monitoring unreachable';
  }
}
