import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { User } from '../../../../shared/domain/user';
import { ReasonButton } from '../../components/guarded-button';
import { changesAgainst, type VersionConflict } from './user-changes';
import { FIELD_LABELS, fieldValueWords, type EditableField } from './user-words';

const FIELDS = Object.keys(FIELD_LABELS) as EditableField[];

/** Yours (the base with your changes) against theirs, field by field, marking what differs. */
function Comparison({ conflict }: { conflict: VersionConflict }): ReactElement {
  const yours: User = { ...conflict.base, ...conflict.changes };
  const { theirs, base } = conflict;
  return (
    <table className="users-compare">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Yours</th>
          <th scope="col">Theirs (now on the server)</th>
        </tr>
      </thead>
      <tbody>
        {FIELDS.map((field) => {
          const differs = yours[field] !== theirs[field];
          const youChanged = field in conflict.changes;
          const theyChanged = base[field] !== theirs[field];
          return (
            <tr
              key={field}
              data-field={field}
              data-differs={differs || undefined}
              className={differs ? 'users-compare__differs' : undefined}
            >
              <th scope="row">{FIELD_LABELS[field]}</th>
              <td>
                {fieldValueWords(field, yours[field])}
                {youChanged && ' '}
                {youChanged && <span className="users-compare__tag">changed by you</span>}
              </td>
              <td>
                {fieldValueWords(field, theirs[field])}
                {theyChanged && ' '}
                {theyChanged && <span className="users-compare__tag">changed by them</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Someone else changed the user first: nothing was overwritten. Both versions side by side, then
 * "Reapply my changes" (sent again on their version) or "Discard mine" (theirs stays).
 */
export function VersionConflictDialog({
  conflict,
  onReapply,
  onDiscard,
  onOpenAutoFocus,
  onCloseAutoFocus,
}: {
  conflict: VersionConflict | null;
  onReapply: () => void;
  onDiscard: () => void;
  /**
   * As it opens, before the focus moves in. It opens on the server's answer, not from a button:
   * the place to note where the focus was, to go back there on close (see useReturnFocus).
   */
  onOpenAutoFocus: (event: Event) => void;
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  const nothingLeft =
    conflict !== null && Object.keys(changesAgainst(conflict.changes, conflict.theirs)).length === 0;
  return (
    <Dialog.Root
      open={conflict !== null}
      onOpenChange={(open) => {
        if (!open) onDiscard();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog dialog--wide"
          onOpenAutoFocus={onOpenAutoFocus}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <Dialog.Title className="dialog__title">
            Someone else changed {conflict?.base.username ?? 'this user'}
          </Dialog.Title>
          <Dialog.Description className="dialog__description">
            Your change was based on version {conflict?.base.version ?? '?'}; the server now has version{' '}
            {conflict?.theirs.version ?? '?'}. Nothing was overwritten. Compare, then choose.
          </Dialog.Description>
          {conflict !== null && <Comparison conflict={conflict} />}
          <div className="button-row dialog__buttons">
            <span className="button-row__spacer" />
            <button type="button" className="button" onClick={onDiscard}>
              Discard mine
            </button>
            <ReasonButton
              className="button button--primary"
              disabledReason={nothingLeft ? 'Their version already has your changes.' : null}
              onClick={onReapply}
            >
              Reapply my changes
            </ReasonButton>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
