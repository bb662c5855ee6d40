/**
 * The platform dashboard's panels (platform-api.md §6): what each draws, in which unit, and the
 * threshold of the alert rule that watches it. The queries use the raw series, not recording
 * rules, so they work against any OPP deployment's Prometheus.
 */
export type PanelUnit = 'requests_per_second' | 'seconds' | 'ratio' | 'per_second' | 'bytes';

export interface PanelQuery {
  /** The legend of this query's series, or a label whose value names each series. */
  legend: string | { label: string };
  promql: string;
}

export interface HealthPanel {
  id: string;
  title: string;
  unit: PanelUnit;
  queries: PanelQuery[];
  /** The alert rule's threshold, drawn as a line; null when no rule watches this panel. */
  threshold: { value: number; label: string } | null;
}

const NON_VIRTUAL_FS = 'fstype!~"tmpfs|ramfs|squashfs|nsfs|fuse\\\\..*"';

export const HEALTH_PANELS = [
  {
    id: 'request_rate',
    title: 'Request rate by status class',
    unit: 'requests_per_second',
    queries: [
      {
        legend: { label: 'status_class' },
        promql:
          'sum by (status_class) (label_replace(rate(http_requests_total[5m]), "status_class", "${1}xx", "status", "([1-5]).."))',
      },
    ],
    threshold: null,
  },
  {
    id: 'latency',
    title: 'API latency',
    unit: 'seconds',
    queries: [0.5, 0.95, 0.99].map((q) => ({
      legend: `p${Math.round(q * 100)}`,
      promql: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))`,
    })),
    threshold: { value: 1, label: 'p95 alert: 1 s' },
  },
  {
    id: 'error_ratio',
    title: 'Error ratio (5xx)',
    unit: 'ratio',
    queries: [
      {
        legend: '5xx share',
        promql: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
      },
    ],
    threshold: { value: 0.05, label: 'alert: 5%' },
  },
  {
    id: 'sign_ins',
    title: 'Sign-in attempts by outcome',
    unit: 'per_second',
    queries: [
      { legend: { label: 'outcome' }, promql: 'sum by (outcome) (rate(opp_login_attempts_total[5m]))' },
    ],
    threshold: { value: 10, label: 'failed sign-ins alert: 10/s' },
  },
  {
    id: 'cpu',
    title: 'CPU',
    unit: 'ratio',
    queries: [
      {
        legend: { label: 'instance' },
        promql: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
      },
    ],
    threshold: { value: 0.8, label: 'alert: 80%' },
  },
  {
    id: 'memory',
    title: 'Memory',
    unit: 'ratio',
    queries: [
      {
        legend: { label: 'instance' },
        promql: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
      },
    ],
    threshold: { value: 0.85, label: 'alert: 85%' },
  },
  {
    id: 'disk',
    title: 'Disk',
    unit: 'ratio',
    queries: [
      {
        legend: { label: 'mountpoint' },
        promql: `1 - node_filesystem_avail_bytes{${NON_VIRTUAL_FS}} / node_filesystem_size_bytes{${NON_VIRTUAL_FS}}`,
      },
    ],
    threshold: { value: 0.9, label: 'alert: 90%' },
  },
  {
    id: 'api_memory',
    title: 'API process memory',
    unit: 'bytes',
    queries: [
      { legend: { label: 'instance' }, promql: 'process_resident_memory_bytes{job="openpolicy-api"}' },
    ],
    threshold: null,
  },
] as const satisfies readonly HealthPanel[];

export type PanelId = (typeof HEALTH_PANELS)[number]['id'];
export const PANEL_IDS: PanelId[] = HEALTH_PANELS.map((panel) => panel.id);
