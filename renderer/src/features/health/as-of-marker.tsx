import type { ReactElement } from 'react';
import { formatLocalTime } from '../../components/time-words';
import type { Freshness } from './health-queries';

/**
 * When the data on screen was fetched. From the offline cache it becomes a clear banner, so
 * that nobody reads an old chart as the present.
 */
export function AsOfMarker({ freshness }: { freshness: Freshness | null }): ReactElement | null {
  if (freshness === null) return null;
  const time = formatLocalTime(new Date(freshness.asOf));
  if (freshness.fromCache) {
    return (
      <p className="health-as-of health-as-of--offline" data-testid="health-as-of" data-offline="true">
        <strong>Offline</strong> — showing data as of {time}, from the offline copy.
      </p>
    );
  }
  return (
    <p className="health-as-of" data-testid="health-as-of" data-offline="false">
      As of {time}
    </p>
  );
}
