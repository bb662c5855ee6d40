import { findBinary } from '../test/monitoring/binaries';
import { ALL_COMPONENTS, startMonitoring } from '../test/monitoring/index';
import type { Component, RunningMonitoring } from '../test/monitoring/index';

/** Debian package of each server (binaries.ts names the same ones in its errors). */
const DEBIAN_PACKAGE: Record<Component, string> = {
  prometheus: 'prometheus',
  alertmanager: 'prometheus-alertmanager',
  'node-exporter': 'prometheus-node-exporter',
};

export interface DemoMonitoring {
  running: RunningMonitoring | null;
  prometheusUrl: string | null;
  alertmanagerUrl: string | null;
  nodeExporterUrl: string | null;
}

export const NO_MONITORING: DemoMonitoring = {
  running: null,
  prometheusUrl: null,
  alertmanagerUrl: null,
  nodeExporterUrl: null,
};

/** The servers whose binaries are installed, and one line naming the packages of the others. */
export function installedComponents(): { components: Component[]; note: string | null } {
  const components: Component[] = [];
  const missing: Component[] = [];
  for (const component of ALL_COMPONENTS) {
    try {
      findBinary(component);
      components.push(component);
    } catch {
      missing.push(component);
    }
  }
  if (missing.length === 0) return { components, note: null };
  const effect = components.includes('prometheus') ? 'some panels stay empty' : 'no charts or alerts';
  const packages = missing.map((component) => DEBIAN_PACKAGE[component]).join(' ');
  return {
    components,
    note: `Monitoring: ${missing.join(', ')} not installed (${effect}); to add them: apt-get install ${packages}`,
  };
}

/**
 * Prometheus, AlertManager and node exporter (those installed) scraping the platform. Their data
 * lives under the demo folder, so the charts keep their history from one demo run to the next.
 */
export async function startDemoMonitoring(
  components: Component[],
  platformTarget: string,
  dataDir: string,
): Promise<DemoMonitoring> {
  // A 5 s scrape is plenty for panels over 5-minute windows, and lighter than the tests' 1 s.
  const running = await startMonitoring({ platformTarget, dataDir, components, scrapeIntervalSeconds: 5 });
  // The URL type assumes every component; only those asked for have one.
  const url = (component: Component, value: string): string | null =>
    components.includes(component) ? value : null;
  return {
    running,
    prometheusUrl: url('prometheus', running.prometheusUrl),
    alertmanagerUrl: url('alertmanager', running.alertmanagerUrl),
    nodeExporterUrl: url('node-exporter', running.nodeExporterUrl),
  };
}
