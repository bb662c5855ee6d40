/** The areas of the console, in sidebar order; the digit is the Ctrl/Cmd shortcut. */
export const AREA_IDS = ['environments', 'users', 'roles', 'audit', 'health', 'settings'] as const;
export type AreaId = (typeof AREA_IDS)[number];

export interface AreaDefinition {
  id: AreaId;
  /** The nav item's name and the area's h1: end-to-end tests find both by it. */
  label: string;
  shortcutDigit: string;
}

export const AREAS: readonly AreaDefinition[] = [
  { id: 'environments', label: 'Environments', shortcutDigit: '1' },
  { id: 'users', label: 'Users', shortcutDigit: '2' },
  { id: 'roles', label: 'Roles', shortcutDigit: '3' },
  { id: 'audit', label: 'Audit', shortcutDigit: '4' },
  { id: 'health', label: 'Health', shortcutDigit: '5' },
  { id: 'settings', label: 'Settings', shortcutDigit: '6' },
];

export function areaLabel(id: AreaId): string {
  return AREAS.find((area) => area.id === id)?.label ?? id;
}
