import type { Alerts } from '../../../../shared/domain/health';

export type Alert = Alerts['alerts'][number];
export type Silence = Alerts['silences'][number];
export type Matcher = Silence['matchers'][number];

/** `job="api"`, `path=~"/v1/.*"`, `env!="test"`, as AlertManager writes matchers. */
export function formatMatcher(
  matcher: Pick<Matcher, 'name' | 'value' | 'isRegex'> & { isEqual?: boolean },
): string {
  const equal = matcher.isEqual ?? true;
  const operator = matcher.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
  return `${matcher.name}${operator}"${matcher.value}"`;
}

/** The matchers that silence exactly this alert: every one of its labels, literally. */
export function matchersFor(alert: Alert): { name: string; value: string; isRegex: false }[] {
  return Object.entries(alert.labels)
    .sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map(([name, value]) => ({ name, value, isRegex: false as const }));
}

export const SEVERITY_GROUPS = [
  { id: 'critical', label: 'Critical' },
  { id: 'warning', label: 'Warning' },
  { id: 'info', label: 'Info' },
  { id: 'other', label: 'Other' },
] as const;
export type SeverityGroup = (typeof SEVERITY_GROUPS)[number]['id'];

export function severityGroup(severity: string): SeverityGroup {
  const normalised = severity.trim().toLowerCase();
  if (normalised === 'critical') return 'critical';
  if (normalised === 'warning' || normalised === 'warn') return 'warning';
  if (normalised === 'info') return 'info';
  return 'other';
}

/** Firing before pending, then the longest-running first. */
export function compareAlerts(a: Alert, b: Alert): number {
  if (a.state !== b.state) return a.state === 'firing' ? -1 : 1;
  return Date.parse(a.startsAt) - Date.parse(b.startsAt);
}
