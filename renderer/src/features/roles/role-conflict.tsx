import type { ReactElement } from 'react';
import { permissionDiff, type Permission, type Role } from '../../../../shared/domain/role';
import { inCatalogueOrder, rebase, type RoleDraft } from './role-draft';

function PermissionCell({
  names,
  other,
  catalogue,
}: {
  names: readonly string[];
  /** The other side: names missing there are marked. */
  other: readonly string[];
  catalogue: readonly Permission[];
}): ReactElement {
  if (names.length === 0) return <span className="role-muted">None</span>;
  return (
    <ul className="role-compare__list">
      {inCatalogueOrder(names, catalogue).map((name) => {
        const differs = !other.includes(name);
        return (
          <li key={name} className={differs ? 'role-compare__differs' : undefined}>
            <code>{name}</code>
            {differs && <span className="visually-hidden"> (only here)</span>}
          </li>
        );
      })}
    </ul>
  );
}

function Description({ text }: { text: string }): ReactElement {
  return text === '' ? <span className="role-muted">empty</span> : <>{text}</>;
}

/** "+ write, − delete, new description": what "Reapply" would add to their version. */
function reapplyWords(theirs: Role, result: RoleDraft): string {
  const { added, removed } = permissionDiff(theirs.permissions, result.permissions);
  const parts = [...added.map((p) => `+ ${p}`), ...removed.map((p) => `− ${p}`)];
  if (result.description !== theirs.description) parts.push('your description');
  return parts.length === 0 ? 'nothing: their version already has your changes' : parts.join(', ');
}

/**
 * Someone else saved the role after this edit began (VERSION_MISMATCH). Shows their version
 * beside this one and offers to reapply these changes on top of theirs, or to drop them.
 */
export function RoleConflict({
  base,
  mine,
  theirs,
  catalogue,
}: {
  base: Role;
  mine: RoleDraft;
  /** The role on the server now; undefined while it is read again; null when it was deleted. */
  theirs: Role | null | undefined;
  catalogue: readonly Permission[];
}): ReactElement {
  if (theirs === null) {
    return (
      <div className="role-notice role-notice--warning" role="alert">
        <p>
          {base.name} no longer exists on the server: someone deleted it while you were editing. Your changes
          were not saved.
        </p>
      </div>
    );
  }
  if (theirs === undefined) {
    return (
      <p className="loading" role="status">
        Someone else changed {base.name}. Reading its current version…
      </p>
    );
  }
  const result = rebase(base, mine, theirs);
  return (
    <div className="role-conflict">
      <div className="role-notice role-notice--warning" role="alert">
        <p>
          Someone else changed {base.name} while you were editing it. Your edit was based on version{' '}
          {base.version}; the server now has version {theirs.version}. Nothing of yours was saved.
        </p>
      </div>
      <table className="role-compare">
        <caption className="visually-hidden">Their version and yours</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Theirs (on the server now)</th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Description</th>
            <td>
              <Description text={theirs.description} />
            </td>
            <td>
              <Description text={mine.description.trim()} />
            </td>
          </tr>
          <tr>
            <th scope="row">Permissions</th>
            <td>
              <PermissionCell names={theirs.permissions} other={mine.permissions} catalogue={catalogue} />
            </td>
            <td>
              <PermissionCell names={mine.permissions} other={theirs.permissions} catalogue={catalogue} />
            </td>
          </tr>
        </tbody>
      </table>
      <p className="role-conflict__reapply">
        Reapply keeps their version and applies your own changes to it: {reapplyWords(theirs, result)}. You
        review the result before it is saved.
      </p>
    </div>
  );
}
