import type { ReactElement } from 'react';
import type { AreaId } from '../app/areas';

/** Simple 20px line icons, drawn here so no icon package is needed. Decorative: names come from labels. */
type IconName =
  | AreaId
  | 'collapse'
  | 'expand'
  | 'check'
  | 'warning'
  | 'cross'
  | 'clock'
  | 'up'
  | 'down'
  | 'chevron'
  | 'user';

const PATHS: Record<IconName, string> = {
  environments: 'M3 5h14v4H3zM3 11h14v4H3zM6 7h.01M6 13h.01',
  users:
    'M7 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 17c0-3 2.2-5 5-5s5 2 5 5M13 3.5a3 3 0 0 1 0 5.5M15 12c1.8.6 3 2.4 3 5',
  roles: 'M10 2l6 3v5c0 4-2.7 6.6-6 8-3.3-1.4-6-4-6-8V5zM7.5 10l2 2 3.5-4',
  audit: 'M5 2h7l4 4v12H5zM12 2v4h4M8 10h5M8 13h5M8 7h2',
  health: 'M2 10h4l2-5 4 10 2-5h4',
  settings:
    'M10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4',
  collapse: 'M12 5l-5 5 5 5',
  expand: 'M8 5l5 5-5 5',
  check: 'M4 10.5l4 4 8-9',
  warning: 'M10 3l8 14H2zM10 8v4M10 14.5h.01',
  cross: 'M5 5l10 10M15 5L5 15',
  clock: 'M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM10 6v4l3 2',
  up: 'M10 16V4M5 9l5-5 5 5',
  down: 'M10 4v12M5 11l5 5 5-5',
  chevron: 'M6 8l4 4 4-4',
  user: 'M10 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM3.5 17.5c0-3.2 2.9-5.5 6.5-5.5s6.5 2.3 6.5 5.5',
};

export function Icon({ name }: { name: IconName }): ReactElement {
  return (
    <svg
      className="icon"
      width="20"
      height="20"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
