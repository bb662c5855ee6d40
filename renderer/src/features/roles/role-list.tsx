import { useId, type ReactElement } from 'react';
import type { Role } from '../../../../shared/domain/role';
import { ReasonButton } from '../../components/guarded-button';
import { formatDay, formatEventTime } from '../audit/audit-words';
import { deleteBlock } from './role-access';
import { userCountWords } from './role-draft';

function RoleItem({
  role,
  writeBlock,
  onEdit,
  onDelete,
  onHistory,
}: {
  role: Role;
  writeBlock: string | null;
  onEdit: () => void;
  onDelete: () => void;
  onHistory: () => void;
}): ReactElement {
  const nameId = useId();
  return (
    <li className="role-item" aria-labelledby={nameId} data-role={role.name}>
      <div className="role-item__summary">
        <div className="role-item__title">
          <h2 className="role-item__name" id={nameId}>
            {role.name}
          </h2>
          {role.built_in && <span className="badge role-badge">Built-in</span>}
          <span className="role-item__users" data-testid="role-user-count">
            {userCountWords(role.user_count)}
          </span>
        </div>
        <p className="role-item__description">
          {role.description === '' ? <span className="role-muted">No description</span> : role.description}
        </p>
        <p className="role-item__facts">
          {role.permissions.length} {role.permissions.length === 1 ? 'permission' : 'permissions'}
          {role.updated_at !== null && (
            <>
              {' · changed '}
              <time dateTime={role.updated_at} title={formatEventTime(role.updated_at)}>
                {formatDay(role.updated_at)}
              </time>
            </>
          )}
        </p>
      </div>
      <div className="role-item__actions">
        <ReasonButton
          className="button"
          aria-label={`Edit ${role.name}`}
          disabledReason={writeBlock}
          onClick={onEdit}
        >
          Edit
        </ReasonButton>
        <ReasonButton
          className="button button--danger-quiet"
          aria-label={`Delete ${role.name}`}
          disabledReason={writeBlock ?? deleteBlock(role)}
          onClick={onDelete}
        >
          Delete
        </ReasonButton>
        <button type="button" className="button" aria-label={`History of ${role.name}`} onClick={onHistory}>
          History
        </button>
      </div>
    </li>
  );
}

/** Each role with its description, how many users hold it, and what can be done with it. */
export function RoleList({
  roles,
  writeBlock,
  onEdit,
  onDelete,
  onHistory,
}: {
  roles: readonly Role[];
  writeBlock: string | null;
  onEdit: (role: Role) => void;
  onDelete: (role: Role) => void;
  onHistory: (role: Role) => void;
}): ReactElement {
  return (
    <ul className="role-list" aria-label="Roles">
      {roles.map((role) => (
        <RoleItem
          key={role.name}
          role={role}
          writeBlock={writeBlock}
          onEdit={() => onEdit(role)}
          onDelete={() => onDelete(role)}
          onHistory={() => onHistory(role)}
        />
      ))}
    </ul>
  );
}
