import { useCallback, useRef, useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Role, RolesView } from '../../../../shared/domain/role';
import type { Session } from '../../../../shared/domain/session';
import { useOnline } from '../../app/connectivity';
import { ErrorMessage } from '../../components/error-message';
import { ReasonButton } from '../../components/guarded-button';
import { formatLocalTime } from '../../components/time-words';
import { useAccess } from '../../components/use-access';
import { useReturnFocus } from '../../components/use-return-focus';
import { DeleteRoleDialog } from './delete-role-dialog';
import { rolesWriteBlock } from './role-access';
import { permissionCatalogue } from './role-draft';
import { RoleEditorDialog } from './role-editor-dialog';
import { RoleHistoryDialog } from './role-history-dialog';
import { RoleList } from './role-list';
import { RoleMatrix } from './role-matrix';
import { useDeleteRole } from './role-mutations';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; role: Role }
  | { kind: 'delete'; role: Role }
  | { kind: 'history'; role: Role };

/** Where the roles on screen come from, when that is not simply the server now. */
function SourceBanner({ view }: { view: RolesView }): ReactElement | null {
  if (view.source === 'cache') {
    return (
      <div className="roles-banner roles-banner--offline" role="note" data-testid="roles-as-of">
        <p>
          <strong>Offline: showing roles as of {formatLocalTime(new Date(view.asOf))}.</strong> They cannot be
          changed until the server can be reached again.
        </p>
        {view.note !== null && <p>{view.note}</p>}
      </div>
    );
  }
  if (view.source === 'derived' || view.readOnly) {
    return (
      <div className="roles-banner" role="note" data-testid="roles-read-only">
        <p>
          <strong>Read-only.</strong>{' '}
          {view.note ?? 'This server offers no role management: the roles below cannot be changed here.'}
        </p>
      </div>
    );
  }
  return null;
}

/** The roles of one environment: banner, toolbar, the roles, the matrix and their dialogs. */
export function RolesScreen({
  environment,
  session,
  view,
  refreshError,
  onRetry,
}: {
  environment: EnvironmentView;
  session: Session | null;
  view: RolesView;
  /** The last refresh failed while older roles are shown. */
  refreshError: unknown;
  onRetry: () => void;
}): ReactElement {
  const access = useAccess('roles.write', session);
  const online = useOnline(environment.id);
  const remove = useDeleteRole(environment.id);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  // Each opening of the editor starts afresh, from the role as it is at that moment.
  const [opening, setOpening] = useState(0);
  const areaRef = useRef<HTMLDivElement>(null);
  const focusHeading = useCallback(
    () => areaRef.current?.closest('.area')?.querySelector<HTMLElement>('h1')?.focus(),
    [],
  );
  const returnFocus = useReturnFocus(focusHeading);

  const writeBlock = rolesWriteBlock(access, view, online);
  const catalogue = permissionCatalogue(view.permissions, view.roles);
  const open = (next: OpenDialog): void => {
    returnFocus.remember();
    setOpening((n) => n + 1);
    setDialog(next);
  };
  const close = (isOpen: boolean): void => {
    if (!isOpen) setDialog(null);
  };

  return (
    <div className="roles-screen" ref={areaRef}>
      <SourceBanner view={view} />
      {refreshError !== null && (
        <ErrorMessage
          error={refreshError}
          title="The roles could not be read again; those shown may be out of date."
          onRetry={onRetry}
        />
      )}
      <div className="toolbar">
        <ReasonButton
          className="button button--primary"
          disabledReason={writeBlock}
          onClick={() => open({ kind: 'create' })}
        >
          New role
        </ReasonButton>
      </div>

      {view.roles.length === 0 ? (
        <div className="empty-state">
          <p className="empty-state__title">No roles</p>
          <p>This server reports no roles at all. Create the first one with “New role”.</p>
        </div>
      ) : (
        <div className="roles-layout">
          <RoleList
            roles={view.roles}
            writeBlock={writeBlock}
            onEdit={(role) => open({ kind: 'edit', role })}
            onDelete={(role) => open({ kind: 'delete', role })}
            onHistory={(role) => open({ kind: 'history', role })}
          />
          <RoleMatrix roles={view.roles} permissions={catalogue} />
        </div>
      )}

      <RoleEditorDialog
        key={opening}
        open={dialog?.kind === 'create' || dialog?.kind === 'edit'}
        onOpenChange={close}
        environmentId={environment.id}
        role={dialog?.kind === 'edit' ? dialog.role : null}
        roles={view.roles}
        catalogue={catalogue}
        ownRole={session?.role ?? null}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
      />
      {dialog?.kind === 'delete' && (
        <DeleteRoleDialog
          role={dialog.role}
          open
          onOpenChange={close}
          onConfirm={() => remove.mutate(dialog.role)}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
          // Its item, and the button that opened the dialog, leave the list at once: the heading takes the focus.
          focusAfterDelete={focusHeading}
        />
      )}
      {dialog?.kind === 'history' && (
        <RoleHistoryDialog
          environmentId={environment.id}
          name={dialog.role.name}
          open
          onOpenChange={close}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        />
      )}
    </div>
  );
}
