import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { useMemo, useState, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import type { BulkAction, BulkPreviewItem, BulkResultItem } from '../../../../shared/domain/user-admin';
import { useOpp } from '../../app/opp-context';
import { ErrorMessage } from '../../components/error-message';
import { UserCache } from './user-cache';
import { UserWriteButton } from './user-write-button';
import { bulkValueWords } from './user-words';
import { usersKeys } from './users-queries';
import { RoleSelect } from './role-select';

export type BulkKind = BulkAction['kind'];
export interface BulkRequest {
  kind: BulkKind;
  users: readonly User[];
}

const VERDICT_WORDS: Record<BulkPreviewItem['verdict'], string> = {
  change: 'Will change',
  no_change: 'No change',
  refused: 'Refused',
};

function actionWords(action: BulkAction): string {
  return action.kind === 'set_role'
    ? `give the ${action.role} role to`
    : action.kind === 'deactivate'
      ? 'deactivate'
      : 'reactivate';
}

const users = (count: number): string => `${count} user${count === 1 ? '' : 's'}`;

function PreviewTable({ items }: { items: readonly BulkPreviewItem[] }): ReactElement {
  return (
    <div className="users-bulk-scroll">
      <table className="users-bulk-table" aria-label="What will change">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-user-id={item.id} data-verdict={item.verdict}>
              <th scope="row">{item.username}</th>
              <td>{bulkValueWords(item.field, item.from)}</td>
              <td>{item.verdict === 'change' ? bulkValueWords(item.field, item.to) : '—'}</td>
              <td className={`users-bulk-table__verdict--${item.verdict}`}>
                {VERDICT_WORDS[item.verdict]}
                {item.reason !== null && `: ${item.reason}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultTable({ results }: { results: readonly BulkResultItem[] }): ReactElement {
  return (
    <div className="users-bulk-scroll">
      <table className="users-bulk-table" aria-label="Results">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr key={result.id} data-user-id={result.id} data-outcome={result.outcome}>
              <th scope="row">{result.username}</th>
              <td className={`users-bulk-table__outcome--${result.outcome}`}>
                {result.outcome === 'changed'
                  ? 'Changed'
                  : `Failed: ${result.reason ?? result.code ?? 'no reason given'}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The server's preview of what would change for whom, with Apply for those that would. */
function Preview({
  environmentId,
  action,
  ids,
  applying,
  applyError,
  onApply,
}: {
  environmentId: EnvironmentId;
  action: BulkAction;
  ids: readonly number[];
  applying: boolean;
  applyError: unknown;
  onApply: (targets: { id: number; version: number }[]) => void;
}): ReactElement {
  const opp = useOpp();
  const preview = useQuery({
    queryKey: usersKeys.preview(environmentId, action, ids),
    queryFn: () => opp.users.bulkPreview({ environmentId, action, ids: [...ids] }),
    // Read fresh each time: the apply is only as good as what the preview read.
    staleTime: 0,
    gcTime: 0,
    // Not again while applying: the refresh that follows the apply would only make it flicker.
    enabled: !applying,
  });
  if (preview.isPending) {
    return (
      <p className="loading" role="status">
        Asking the server what would change…
      </p>
    );
  }
  if (preview.isError) {
    return (
      <ErrorMessage
        error={preview.error}
        title="The changes could not be previewed."
        onRetry={() => void preview.refetch()}
      />
    );
  }
  const targets = preview.data.flatMap((item) =>
    item.verdict === 'change' && item.version !== null ? [{ id: item.id, version: item.version }] : [],
  );
  const count = (verdict: BulkPreviewItem['verdict']): number =>
    preview.data.filter((item) => item.verdict === verdict).length;
  return (
    <>
      <p className="users-bulk__summary">
        {count('change')} will change, {count('no_change')} already so, {count('refused')} refused.
      </p>
      <PreviewTable items={preview.data} />
      {applyError !== null && <ErrorMessage error={applyError} title="Nothing was applied." write />}
      <div className="button-row dialog__buttons">
        <span className="form__status form__status--muted" role="status">
          {applying ? 'Applying…' : ''}
        </span>
        <span className="button-row__spacer" />
        <Dialog.Close className="button">Cancel</Dialog.Close>
        <UserWriteButton
          action="users.write"
          className="button button--primary"
          disabledReason={targets.length === 0 ? 'Nothing would change.' : null}
          busy={applying}
          onClick={() => onApply(targets)}
        >
          Apply to {users(targets.length)}
        </UserWriteButton>
      </div>
    </>
  );
}

/**
 * Preview, then Apply with the versions the preview read, then each user's result. The preview
 * is gone once applied, so the refresh that follows does not ask for it again.
 */
function Review({
  environmentId,
  action,
  selected,
  onApplied,
}: {
  environmentId: EnvironmentId;
  action: BulkAction;
  selected: readonly User[];
  onApplied: (changed: number[]) => void;
}): ReactElement {
  const opp = useOpp();
  const queryClient = useQueryClient();
  const ids = useMemo(() => selected.map((user) => user.id), [selected]);
  const apply = useMutation({
    mutationFn: (targets: { id: number; version: number }[]) =>
      opp.users.bulkApply({ environmentId, action, targets }),
    onSuccess: (results) => {
      const cache = new UserCache(queryClient, environmentId);
      for (const result of results)
        if (result.outcome === 'changed' && result.user !== null) cache.put(result.user);
      onApplied(results.filter((result) => result.outcome === 'changed').map((result) => result.id));
    },
    onSettled: () => new UserCache(queryClient, environmentId).refresh({ roles: action.kind === 'set_role' }),
  });

  if (apply.data === undefined) {
    return (
      <Preview
        environmentId={environmentId}
        action={action}
        ids={ids}
        applying={apply.isPending}
        applyError={apply.error}
        onApply={(targets) => apply.mutate(targets)}
      />
    );
  }
  const failed = apply.data.filter((result) => result.outcome === 'failed').length;
  return (
    <>
      <p className="users-bulk__summary" role="status">
        {apply.data.length - failed} changed, {failed} failed.
      </p>
      <ResultTable results={apply.data} />
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <Dialog.Close className="button button--primary">Done</Dialog.Close>
      </div>
    </>
  );
}

function ChooseRole({
  roles,
  onChoose,
}: {
  roles: readonly string[];
  onChoose: (role: string) => void;
}): ReactElement {
  const [role, setRole] = useState(roles[0] ?? '');
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        if (role !== '') onChoose(role);
      }}
    >
      <RoleSelect label="New role" value={role} roles={roles} onValueChange={setRole} />
      <div className="button-row dialog__buttons">
        <span className="button-row__spacer" />
        <Dialog.Close className="button">Cancel</Dialog.Close>
        <button type="submit" className="button button--primary">
          Review changes
        </button>
      </div>
    </form>
  );
}

/**
 * One action over the selected users: (for a role change, the role first) the server's preview of
 * exactly what changes for whom, Apply, then each user's result, failures with their reasons.
 */
export function BulkReviewDialog({
  environmentId,
  request,
  roles,
  onClose,
  onApplied,
  onCloseAutoFocus,
}: {
  environmentId: EnvironmentId;
  /** The action and the users selected when it was chosen (a snapshot: the selection may move on). */
  request: BulkRequest | null;
  roles: readonly string[];
  onClose: () => void;
  onApplied: (changed: number[]) => void;
  /** Where the focus goes when the dialog closes (see useReturnFocus). */
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  const [role, setRole] = useState<string | null>(null);
  const kind = request?.kind ?? null;
  const selected = request?.users ?? [];
  const action: BulkAction | null =
    kind === null || (kind === 'set_role' && role === null)
      ? null
      : kind === 'set_role'
        ? { kind, role: role ?? '' }
        : { kind };
  return (
    <Dialog.Root
      open={kind !== null}
      onOpenChange={(open) => {
        if (open) return;
        setRole(null);
        onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--wide" onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className="dialog__title">
            {action === null ? 'Change role' : 'Review changes'}
          </Dialog.Title>
          <Dialog.Description className="dialog__description">
            {action === null
              ? `The role to give the ${users(selected.length)} selected.`
              : `What the server says it would do to ${actionWords(action)} the ${users(selected.length)} selected.`}
          </Dialog.Description>
          {kind === 'set_role' && action === null && <ChooseRole roles={roles} onChoose={setRole} />}
          {action !== null && (
            <Review environmentId={environmentId} action={action} selected={selected} onApplied={onApplied} />
          )}
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
