import type { ReactElement } from 'react';
import { AreaPlaceholder } from '../../components/area-placeholder';

export function HealthArea(): ReactElement {
  return (
    <AreaPlaceholder
      title="Health"
      summary="This is where you will watch live health charts and the alerts of the selected environment."
    />
  );
}
