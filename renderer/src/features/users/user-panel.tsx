import { useState, type ReactElement, type ReactNode } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { RolesView } from '../../../../shared/domain/role';
import type { User } from '../../../../shared/domain/user';
import { ErrorMessage } from '../../components/error-message';
import { formatLocalTime } from '../../components/time-words';
import { useReturnFocus } from '../../components/use-return-focus';
import { formatEventTime } from '../audit/audit-words';
import { DeleteUserDialog } from './delete-user-dialog';
import { EditUserDialog } from './edit-user-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserActivitySection } from './user-activity';
import type { UserChangesApi } from './user-changes';
import { UserWriteButton } from './user-write-button';
import { isLocked, userStatus } from './user-words';
import { useUserDetail } from './users-queries';

function Fact({ term, children }: { term: string; children: ReactNode }): ReactElement {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

const time = (iso: string | null | undefined): string => (iso == null ? '—' : formatEventTime(iso));

function Actions({
  environmentId,
  user,
  roles,
  now,
  changes,
  onDeleted,
  focusList,
}: {
  environmentId: EnvironmentId;
  user: User;
  roles: readonly string[];
  now: number;
  changes: UserChangesApi;
  onDeleted: () => void;
  focusList: () => void;
}): ReactElement {
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // The dialogs open from the buttons here: the focus goes back to the one used.
  const returnFocus = useReturnFocus(focusList);
  const opening = (show: () => void) => (): void => {
    returnFocus.remember();
    show();
  };
  return (
    <div className="users-panel__actions">
      {/* The edit is based on the user as shown when it starts, whatever arrives meanwhile. */}
      <UserWriteButton action="users.write" className="button" onClick={opening(() => setEditing(user))}>
        Edit
      </UserWriteButton>
      {user.is_active ? (
        <UserWriteButton
          action="users.write"
          className="button"
          onClick={() => changes.change(user, { is_active: false })}
        >
          Deactivate
        </UserWriteButton>
      ) : (
        <UserWriteButton
          action="users.write"
          className="button"
          onClick={() => changes.change(user, { is_active: true })}
        >
          Reactivate
        </UserWriteButton>
      )}
      <UserWriteButton
        action="users.write"
        className="button"
        disabledReason={isLocked(user, now) ? null : `${user.username} is not locked out.`}
        onClick={() => changes.unlock(user)}
      >
        Unlock
      </UserWriteButton>
      <UserWriteButton action="users.write" className="button" onClick={opening(() => setResetting(true))}>
        Reset password
      </UserWriteButton>
      <UserWriteButton
        action="users.delete"
        className="button button--danger-quiet"
        onClick={opening(() => setDeleting(true))}
      >
        Delete user
      </UserWriteButton>
      <EditUserDialog
        base={editing}
        roles={roles}
        onOpenChange={(open) => {
          if (!open) setEditing(null);
        }}
        onSave={changes.change}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
      />
      <ResetPasswordDialog
        environmentId={environmentId}
        user={user}
        open={resetting}
        onOpenChange={setResetting}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
      />
      <DeleteUserDialog
        environmentId={environmentId}
        user={user}
        open={deleting}
        onOpenChange={setDeleting}
        onDeleted={onDeleted}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        focusAfterDelete={focusList}
      />
    </div>
  );
}

/** The role's permissions as the user holds them, with the role's and each permission's description. */
function Permissions({ user, roles }: { user: User; roles: RolesView | undefined }): ReactElement {
  const role = roles?.roles.find((candidate) => candidate.name === user.role);
  const described = new Map(
    roles?.permissions.map((permission) => [permission.name, permission.description]),
  );
  return (
    <>
      <h3 className="users-panel__subheading">Permissions of the {user.role} role</h3>
      {role !== undefined && role.description !== '' && (
        <p className="users-panel__muted">{role.description}</p>
      )}
      {user.permissions.length === 0 ? (
        <p className="users-panel__muted">This role grants no permissions.</p>
      ) : (
        <ul className="users-permissions" aria-label={`Permissions of ${user.username}`}>
          {user.permissions.map((permission) => (
            <li key={permission} title={described.get(permission)}>
              <code>{permission}</code>
              {described.get(permission) !== undefined && (
                <span className="users-panel__muted"> {described.get(permission)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * One user: every field, the role's permissions, the actions an administrator may take, and the
 * user's recent activity from the audit copy. The row from the list shows until the user is read.
 */
export function UserPanel({
  environmentId,
  userId,
  row,
  roles,
  roleNames,
  now,
  changes,
  onClose,
  onDeleted,
  focusList,
}: {
  environmentId: EnvironmentId;
  userId: number;
  row: User | undefined;
  roles: RolesView | undefined;
  roleNames: readonly string[];
  now: number;
  changes: UserChangesApi;
  onClose: () => void;
  onDeleted: (user: User) => void;
  /** Where the focus goes when a dialog's opener is gone (the list). */
  focusList: () => void;
}): ReactElement {
  const detail = useUserDetail(environmentId, userId, row);
  const user = detail.data?.user;
  const name = user?.username ?? row?.username ?? `#${userId}`;
  const status = user === undefined ? null : userStatus(user, now);

  return (
    <section className="users-panel" aria-label={`User ${name}`}>
      <div className="users-panel__header">
        <h2 className="users-panel__title">{name}</h2>
        <button type="button" className="dialog__close" aria-label="Close user details" onClick={onClose}>
          ×
        </button>
      </div>
      {detail.isPending && (
        <p className="loading" role="status">
          Loading the user…
        </p>
      )}
      {detail.isError && (
        <ErrorMessage
          error={detail.error}
          title={`${name} could not be read.`}
          onRetry={() => void detail.refetch()}
        />
      )}
      {user !== undefined && status !== null && (
        <>
          {detail.data?.source === 'cache' && (
            <p className="users-banner users-banner--offline">
              Offline: as of {formatLocalTime(new Date(detail.data.asOf), new Date(now))}
            </p>
          )}
          <Actions
            environmentId={environmentId}
            user={user}
            roles={roleNames}
            now={now}
            changes={changes}
            onDeleted={() => onDeleted(user)}
            focusList={focusList}
          />
          <dl className="facts users-panel__facts">
            <Fact term="Username">{user.username}</Fact>
            <Fact term="Full name">{user.full_name ?? '—'}</Fact>
            <Fact term="Email">{user.email}</Fact>
            <Fact term="Role">{user.role}</Fact>
            <Fact term="Status">
              <span className={`user-status user-status--${status.kind}`}>{status.words}</span>
            </Fact>
            <Fact term="Email verified">{user.is_verified ? 'Yes' : 'No'}</Fact>
            <Fact term="Last sign-in">{user.last_login === null ? 'Never' : time(user.last_login)}</Fact>
            <Fact term="Failed sign-ins">{String(user.failed_login_attempts)}</Fact>
            <Fact term="Locked until">{time(user.locked_until)}</Fact>
            <Fact term="Created">{time(user.created_at)}</Fact>
            <Fact term="Updated">{time(user.updated_at)}</Fact>
            <Fact term="Version">{user.version === undefined ? '—' : String(user.version)}</Fact>
            <Fact term="Id">{String(user.id)}</Fact>
          </dl>
          <Permissions user={user} roles={roles} />
          <UserActivitySection environmentId={environmentId} user={user} />
        </>
      )}
    </section>
  );
}
