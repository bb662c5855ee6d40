import type { ReactElement } from 'react';
import { AreaPlaceholder } from '../../components/area-placeholder';

export function RolesArea(): ReactElement {
  return (
    <AreaPlaceholder
      title="Roles"
      summary="This is where you will review the roles, the permissions each grants and who holds them."
    />
  );
}
