import type { ReactElement } from 'react';
import { describeError } from '../../components/error-messages';
import type { AuditMarkerData } from './health-queries';
import { MARKER_KINDS, useHealthUi } from './health-ui-store';
import type { UseQueryResult } from '@tanstack/react-query';

/** Whether audit markers are drawn, which actions, and what became of the last look-up. */
export function MarkerControls({ markers }: { markers: UseQueryResult<AuditMarkerData> }): ReactElement {
  const shown = useHealthUi((state) => state.markersShown);
  const kinds = useHealthUi((state) => state.markerKinds);
  const setShown = useHealthUi((state) => state.setMarkersShown);
  const toggleKind = useHealthUi((state) => state.toggleMarkerKind);

  let status: string | null = null;
  if (shown && kinds.length > 0) {
    if (markers.isError) status = `Audit markers unavailable: ${describeError(markers.error).advice}`;
    else if (markers.data !== undefined) {
      const count = markers.data.rows.length;
      status = markers.data.truncated
        ? `Showing the first ${count} audit events of this range.`
        : `${count} audit event${count === 1 ? '' : 's'} in this range.`;
    }
  }

  return (
    <fieldset className="marker-controls">
      <legend className="visually-hidden">Audit markers</legend>
      <label className="checkbox">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} />
        Show audit markers
      </label>
      {MARKER_KINDS.map((kind) => (
        <label key={kind.id} className="checkbox">
          <input
            type="checkbox"
            disabled={!shown}
            checked={kinds.includes(kind.id)}
            onChange={(event) => toggleKind(kind.id, event.target.checked)}
          />
          {kind.label}
        </label>
      ))}
      {status !== null && (
        <span className="marker-controls__status" role="status">
          {status}
        </span>
      )}
    </fieldset>
  );
}
