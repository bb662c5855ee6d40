import type { ReactElement } from 'react';
import { AreaPlaceholder } from '../../components/area-placeholder';

export function EnvironmentsArea(): ReactElement {
  return (
    <AreaPlaceholder
      title="Environments"
      summary="This is where you will add the OPP deployments you administer, sign in to them and switch between them."
    />
  );
}
