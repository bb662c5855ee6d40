import type { ReactElement } from 'react';
import type { BulkKind } from './bulk-review-dialog';
import { BULK_LIMIT } from './user-selection';
import { UserWriteButton } from './user-write-button';

/** What can be done to the selected users at once; each action starts with a preview. */
export function BulkBar({
  count,
  onAction,
  onClear,
}: {
  count: number;
  onAction: (kind: BulkKind) => void;
  onClear: () => void;
}): ReactElement | null {
  if (count === 0) return null;
  const tooMany = count > BULK_LIMIT ? `Choose at most ${BULK_LIMIT} users for one action.` : null;
  return (
    <div className="users-bulk-bar" role="group" aria-label="Selected users">
      <span className="users-bulk-bar__count" data-testid="users-selected">
        {count} selected
      </span>
      <UserWriteButton
        action="users.write"
        className="button"
        disabledReason={tooMany}
        onClick={() => onAction('deactivate')}
      >
        Deactivate selected
      </UserWriteButton>
      <UserWriteButton
        action="users.write"
        className="button"
        disabledReason={tooMany}
        onClick={() => onAction('reactivate')}
      >
        Reactivate selected
      </UserWriteButton>
      <UserWriteButton
        action="users.write"
        className="button"
        disabledReason={tooMany}
        onClick={() => onAction('set_role')}
      >
        Change role…
      </UserWriteButton>
      <span className="button-row__spacer" />
      <button type="button" className="button button--quiet" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
