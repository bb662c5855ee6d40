import type { ReactElement } from 'react';
import { AreaPlaceholder } from '../../components/area-placeholder';

export function UsersArea(): ReactElement {
  return (
    <AreaPlaceholder
      title="Users"
      summary="This is where you will find, create and edit the platform's users."
    />
  );
}
