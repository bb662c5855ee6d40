import type { KeyboardEvent, ReactElement } from 'react';
import { usePlotArea, useXAxisScale, ZIndexLayer } from 'recharts';
import type { AuditRow } from '../../../../shared/domain/audit-query';

/** Events closer than this on the time axis share one marker. */
const CLUSTER_PX = 8;
const MARK_SIZE = 6;
/** recharts draws lines at 400 and dots at 600 (DefaultZIndexes). */
const MARKER_Z_INDEX = 650;

const ACTION_WORDS: Readonly<Record<string, string>> = {
  role_created: 'Role created',
  role_updated: 'Role changed',
  role_deleted: 'Role deleted',
  user_deactivated: 'User deactivated',
  password_reset: 'Password reset',
  account_locked: 'Account locked',
};

/** "Role changed: editor by alice at 14:02:11 (failed)". */
export function describeAuditEvent(event: AuditRow): string {
  const what = ACTION_WORDS[event.action] ?? event.action;
  const target = event.resource_id ?? event.resource;
  const time = new Date(event.timestamp).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  const parts = [
    target === null ? what : `${what}: ${target}`,
    event.username === null ? null : `by ${event.username}`,
    `at ${time}`,
    event.outcome === 'failure' ? '(failed)' : null,
  ];
  return parts.filter((part) => part !== null).join(' ');
}

export interface MarkerCluster {
  /** The first event's id: names the marker. */
  id: number;
  x: number;
  events: AuditRow[];
}

function onActivateKey(event: KeyboardEvent, activate: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    activate();
  }
}

/**
 * Audit events drawn on a chart's time axis: a dashed line through the plot and a mark on the
 * axis, grouped when they would overlap. Each mark is a button: hover or focus shows the
 * events, a click opens them. Rendered inside the recharts chart, whose scale it uses.
 */
export function AuditMarkerLayer({
  events,
  activeId,
  onHover,
  onActivate,
}: {
  events: readonly AuditRow[];
  activeId: number | null;
  onHover: (cluster: MarkerCluster | null) => void;
  onActivate: (cluster: MarkerCluster) => void;
}): ReactElement | null {
  const scale = useXAxisScale();
  const plot = usePlotArea();

  // Placed on every render: the scale changes with the data while keeping its identity.
  const clusters: MarkerCluster[] = [];
  if (scale !== undefined && plot !== undefined) {
    const placed = events
      .map((event) => ({ event, x: scale(Date.parse(event.timestamp)) }))
      .filter(
        (p): p is { event: AuditRow; x: number } =>
          p.x !== undefined && p.x >= plot.x && p.x <= plot.x + plot.width,
      )
      .sort((a, b) => a.x - b.x);
    for (const { event, x } of placed) {
      const last = clusters[clusters.length - 1];
      if (last !== undefined && x - last.x <= CLUSTER_PX) last.events.push(event);
      else clusters.push({ id: event.id, x, events: [event] });
    }
  }

  if (plot === undefined || clusters.length === 0) return null;
  const bottom = plot.y + plot.height;
  return (
    // Above the grid, lines and dots, so that the markers take the pointer.
    <ZIndexLayer zIndex={MARKER_Z_INDEX}>
      <g className="audit-markers">
        {clusters.map((cluster) => {
          const first = cluster.events[0] as AuditRow;
          const label =
            cluster.events.length === 1
              ? `Audit event: ${describeAuditEvent(first)}`
              : `${cluster.events.length} audit events from ${describeAuditEvent(first)}`;
          return (
            <g
              key={cluster.id}
              className="audit-marker"
              data-active={activeId === cluster.id}
              data-testid={`audit-marker-${cluster.id}`}
              role="button"
              tabIndex={0}
              aria-label={label}
              onClick={() => onActivate(cluster)}
              onKeyDown={(event) => onActivateKey(event, () => onActivate(cluster))}
              onMouseEnter={() => onHover(cluster)}
              onMouseLeave={() => onHover(null)}
              onFocus={() => onHover(cluster)}
              onBlur={() => onHover(null)}
            >
              <title>{label}</title>
              <line className="audit-marker__line" x1={cluster.x} x2={cluster.x} y1={plot.y} y2={bottom} />
              <path
                className="audit-marker__mark"
                d={`M${cluster.x} ${bottom - MARK_SIZE * 1.5}l${MARK_SIZE} ${MARK_SIZE * 1.5}h${-2 * MARK_SIZE}z`}
              />
              {/* A wider invisible strip, so the thin line is easy to hover. */}
              <rect
                className="audit-marker__hit"
                x={cluster.x - CLUSTER_PX / 2}
                y={plot.y}
                width={CLUSTER_PX}
                height={plot.height}
              />
              {cluster.events.length > 1 && (
                <text className="audit-marker__count" x={cluster.x + MARK_SIZE + 2} y={bottom - 2}>
                  {cluster.events.length}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </ZIndexLayer>
  );
}

const SHOWN_IN_DETAILS = 6;

/**
 * The events of the marker under the pointer (or keyboard), below the chart. A marker with
 * several events, once clicked, stays open with a button per event.
 */
export function MarkerDetails({
  cluster,
  pinned,
  onOpen,
  onClose,
}: {
  cluster: MarkerCluster;
  pinned: boolean;
  onOpen: (event: AuditRow) => void;
  onClose: () => void;
}): ReactElement {
  const shown = cluster.events.slice(0, pinned ? cluster.events.length : SHOWN_IN_DETAILS);
  const more = cluster.events.length - shown.length;
  return (
    <div className="marker-details" data-testid="marker-details" aria-live="polite">
      <ul className="marker-details__list">
        {shown.map((event) => (
          <li key={event.id}>
            <span>{describeAuditEvent(event)}</span>
            {pinned && (
              <button type="button" className="button button--quiet" onClick={() => onOpen(event)}>
                Open in Audit
              </button>
            )}
          </li>
        ))}
      </ul>
      {more > 0 && <p className="muted">and {more} more: click the marker to list them all.</p>}
      {!pinned && cluster.events.length === 1 && (
        <p className="muted">Click the marker to open it in Audit.</p>
      )}
      {pinned && (
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      )}
    </div>
  );
}
