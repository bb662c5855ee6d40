import type { ReactElement } from 'react';
import { AreaHeading } from './area-heading';

/** What an area shows until its feature is built: its name and what it will be for. */
export function AreaPlaceholder({ title, summary }: { title: string; summary: string }): ReactElement {
  return (
    <div className="area">
      <AreaHeading>{title}</AreaHeading>
      <div className="placeholder">
        <p className="placeholder__status">{title} — not built yet.</p>
        <p>{summary}</p>
      </div>
    </div>
  );
}
