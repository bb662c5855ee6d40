import { useId, type ReactElement } from 'react';
import type { Permission, Role } from '../../../../shared/domain/role';
import { Icon } from '../../components/icons';
import { userCountWords } from './role-draft';

function PermissionHeader({ permission }: { permission: Permission }): ReactElement {
  const descriptionId = useId();
  return (
    // Named by the permission alone; what it allows is its description, read after the name.
    <th
      scope="row"
      className="role-matrix__permission"
      aria-label={permission.name}
      aria-describedby={descriptionId}
    >
      <code className="role-matrix__permission-name">{permission.name}</code>
      <span className="role-matrix__permission-description" id={descriptionId}>
        {permission.description}
      </span>
    </th>
  );
}

function GrantCell({ role, permission }: { role: Role; permission: string }): ReactElement {
  const granted = role.permissions.includes(permission);
  return (
    <td className="role-matrix__cell" data-granted={granted}>
      {granted ? <Icon name="check" /> : <span aria-hidden="true">·</span>}
      <span className="visually-hidden">
        {role.name} {granted ? 'has' : 'does not have'} {permission}
      </span>
    </td>
  );
}

/**
 * Roles as columns, permissions as rows: a real table, so a screen reader announces the role
 * and the permission of each cell, and each cell says "has" or "does not have" in words. The
 * headers stay in view while it scrolls both ways.
 */
export function RoleMatrix({
  roles,
  permissions,
}: {
  roles: readonly Role[];
  permissions: readonly Permission[];
}): ReactElement {
  const captionId = useId();
  return (
    // Focusable so that a keyboard can scroll it when it overflows.
    <div className="role-matrix" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="role-matrix__table">
        <caption className="role-matrix__caption" id={captionId}>
          Permissions by role
        </caption>
        <thead>
          <tr>
            <th scope="col" className="role-matrix__corner">
              Permission
            </th>
            {roles.map((role) => (
              <th scope="col" key={role.name} className="role-matrix__role" data-built-in={role.built_in}>
                <span className="role-matrix__role-name">{role.name}</span>
                {role.built_in && <span className="badge role-badge">Built-in</span>}
                <span className="role-matrix__role-users">{userCountWords(role.user_count)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {permissions.map((permission) => (
            <tr key={permission.name}>
              <PermissionHeader permission={permission} />
              {roles.map((role) => (
                <GrantCell key={role.name} role={role} permission={permission.name} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
