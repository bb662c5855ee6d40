import { useId, type ReactElement } from 'react';
import { permissionDiff, type Permission, type Role } from '../../../../shared/domain/role';
import { inCatalogueOrder, userCountWords, type RoleDraft } from './role-draft';

function DiffList({
  title,
  names,
  testId,
  tone,
}: {
  title: 'Added' | 'Removed';
  names: readonly string[];
  testId: string;
  tone: 'added' | 'removed';
}): ReactElement {
  const headingId = useId();
  return (
    <section className={`role-diff role-diff--${tone}`} aria-labelledby={headingId}>
      <h3 className="role-diff__title" id={headingId}>
        {title}
      </h3>
      <ul className="role-diff__list" data-testid={testId}>
        {names.length === 0 ? (
          <li className="role-muted">None</li>
        ) : (
          names.map((name) => (
            <li key={name}>
              <span aria-hidden="true">{tone === 'added' ? '+ ' : '− '}</span>
              <code>{name}</code>
            </li>
          ))
        )}
      </ul>
    </section>
  );
}

/**
 * The editor's second step: what saving would change, permission by permission, and who it
 * touches. A new role's "before" is the empty set, so its permissions all show as added.
 */
export function RoleReview({
  base,
  draft,
  catalogue,
  ownRole,
}: {
  /** The role as it is on the server (the edit's base), or null for a new role. */
  base: Role | null;
  draft: RoleDraft;
  catalogue: readonly Permission[];
  /** The signed-in administrator's own role, to warn before they cut their own permissions. */
  ownRole: string | null;
}): ReactElement {
  const diff = permissionDiff(base?.permissions ?? [], draft.permissions);
  const description = draft.description.trim();
  const descriptionChanged = base !== null && description !== base.description;
  const users = base?.user_count ?? 0;
  const selfCut = base !== null && ownRole === base.name && diff.removed.length > 0;

  return (
    <div className="role-review">
      <div className="role-review__diff">
        <DiffList
          title="Added"
          tone="added"
          testId="role-diff-added"
          names={inCatalogueOrder(diff.added, catalogue)}
        />
        <DiffList
          title="Removed"
          tone="removed"
          testId="role-diff-removed"
          names={inCatalogueOrder(diff.removed, catalogue)}
        />
      </div>
      {descriptionChanged && (
        <dl className="facts role-review__description">
          <dt>Description was</dt>
          <dd>{base.description === '' ? <span className="role-muted">empty</span> : base.description}</dd>
          <dt>Description will be</dt>
          <dd>{description === '' ? <span className="role-muted">empty</span> : description}</dd>
        </dl>
      )}
      <p className="role-review__users">
        <strong data-testid="role-affected-users">Affects {userCountWords(users)}</strong>
        {base === null
          ? ': a new role has no users until someone is given it on the Users screen.'
          : users > 0
            ? `: everyone who holds ${base.name} gets the new permissions.`
            : `: nobody holds ${base.name} now.`}
      </p>
      {selfCut && (
        <p className="role-notice role-notice--warning" role="note">
          You hold {base.name} yourself: you lose the removed permissions too.
        </p>
      )}
    </div>
  );
}
