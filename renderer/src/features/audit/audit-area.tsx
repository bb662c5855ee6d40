import type { ReactElement } from 'react';
import { AreaPlaceholder } from '../../components/area-placeholder';

export function AuditArea(): ReactElement {
  return (
    <AreaPlaceholder
      title="Audit"
      summary="This is where you will search and filter the audit log, also offline from the local copy."
    />
  );
}
