import type { ComponentType, ReactElement } from 'react';
import { AreaErrorBoundary } from '../components/area-error-boundary';
import { AuditArea } from '../features/audit/audit-area';
import { EnvironmentsArea } from '../features/environments/environments-area';
import { HealthArea } from '../features/health/health-area';
import { RolesArea } from '../features/roles/roles-area';
import { SettingsArea } from '../features/settings/settings-area';
import { UsersArea } from '../features/users/users-area';
import { areaLabel, type AreaId } from './areas';

const AREA_COMPONENTS: Record<AreaId, ComponentType> = {
  environments: EnvironmentsArea,
  users: UsersArea,
  roles: RolesArea,
  audit: AuditArea,
  health: HealthArea,
  settings: SettingsArea,
};

/** The open area, inside its own error boundary (keyed, so a crash stays with the area that had it). */
export function AreaView({ area }: { area: AreaId }): ReactElement {
  const Area = AREA_COMPONENTS[area];
  return (
    <AreaErrorBoundary key={area} label={areaLabel(area)}>
      <Area />
    </AreaErrorBoundary>
  );
}
