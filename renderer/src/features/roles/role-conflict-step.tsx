import type { ReactElement } from 'react';
import type { Permission, Role } from '../../../../shared/domain/role';
import { ReasonButton } from '../../components/guarded-button';
import { RoleConflict } from './role-conflict';
import type { RoleDraft } from './role-draft';

/**
 * The role on the server now: main's VERSION_MISMATCH normally carries it (`current`); if not,
 * the list read again after the refusal has it once its version moved past the edit's base.
 * Null when it is gone; undefined while not known yet.
 */
function theirVersion(
  base: Role,
  current: Role | null | undefined,
  roles: readonly Role[],
): Role | null | undefined {
  if (current !== undefined) return current;
  const fromList = roles.find((role) => role.name === base.name);
  if (fromList === undefined) return null;
  return fromList.version > base.version ? fromList : undefined;
}

/** The editor's step after someone else saved first: both versions, then reapply or discard. */
export function RoleConflictStep({
  base,
  mine,
  current,
  roles,
  catalogue,
  onDiscard,
  onReapply,
}: {
  base: Role;
  mine: RoleDraft;
  current: Role | null | undefined;
  roles: readonly Role[];
  catalogue: readonly Permission[];
  onDiscard: () => void;
  onReapply: (theirs: Role) => void;
}): ReactElement {
  const theirs = theirVersion(base, current, roles);
  return (
    <>
      <h3 className="role-step__title" tabIndex={-1} data-step-focus>
        Changed by someone else
      </h3>
      <RoleConflict base={base} mine={mine} theirs={theirs} catalogue={catalogue} />
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <button type="button" className="button" onClick={onDiscard}>
          Discard mine
        </button>
        {theirs !== null && (
          <ReasonButton
            className="button button--primary"
            disabledReason={theirs === undefined ? 'Their version is still being read.' : null}
            onClick={() => {
              if (theirs !== undefined) onReapply(theirs);
            }}
          >
            Reapply my changes
          </ReasonButton>
        )}
      </div>
    </>
  );
}
