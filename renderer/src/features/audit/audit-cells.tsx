import type { ReactElement } from 'react';
import type { AuditRow } from '../../../../shared/domain/audit-query';
import { Icon } from '../../components/icons';

/** Success or failure in words and colour (never colour alone). */
export function OutcomeLabel({ outcome }: { outcome: AuditRow['outcome'] }): ReactElement {
  if (outcome === null) return <span className="outcome outcome--unknown">Unknown</span>;
  return (
    <span className={`outcome outcome--${outcome}`}>
      <Icon name={outcome === 'success' ? 'check' : 'cross'} />
      {outcome === 'success' ? 'Success' : 'Failure'}
    </span>
  );
}

/** The table's mark for an event that fails the chain check. */
export function ChainBrokenMark(): ReactElement {
  return (
    <span className="chain-mark chain-mark--broken" title="Fails the chain check">
      <Icon name="warning" />
      <span className="visually-hidden">Fails the chain check</span>
    </span>
  );
}

/** "user 42", "role", or a dash. */
export function resourceText(row: AuditRow): string {
  if (row.resource === null) return row.resource_id ?? '—';
  return row.resource_id === null ? row.resource : `${row.resource} ${row.resource_id}`;
}
