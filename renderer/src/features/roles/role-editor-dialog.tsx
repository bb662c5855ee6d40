import { Dialog } from 'radix-ui';
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { roleSchema, type Permission, type Role } from '../../../../shared/domain/role';
import { isOppError } from '../../../../shared/errors';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { ReasonButton } from '../../components/guarded-button';
import { RoleConflictStep } from './role-conflict-step';
import {
  changesOf,
  descriptionProblem,
  draftFromRole,
  hasChanges,
  lockedPermissions,
  nameProblem,
  rebase,
  userCountWords,
  type RoleDraft,
} from './role-draft';
import { RoleFields } from './role-fields';
import { useCreateRole, useUpdateRole } from './role-mutations';
import { RoleReview } from './role-review';

type Step =
  | { kind: 'edit' }
  | { kind: 'review' }
  /** `current`: the role on the server now (details.current), null when gone, undefined when unknown. */
  | { kind: 'conflict'; mine: RoleDraft; current: Role | null | undefined };

/** The role a refused edit met on the server, from main's VERSION_MISMATCH details. */
function currentFrom(error: unknown): Role | null | undefined {
  if (!isOppError(error)) return undefined;
  if (error.code === 'NOT_FOUND') return null;
  const parsed = roleSchema.safeParse(error.details?.['current']);
  return parsed.success ? parsed.data : undefined;
}

interface EditorProps {
  environmentId: EnvironmentId;
  /** The role to edit as it was when Edit was chosen (its version is the edit's base); null: a new role. */
  role: Role | null;
  /** The roles now, for taken names and for a conflict's current version when main sent none. */
  roles: readonly Role[];
  catalogue: readonly Permission[];
  ownRole: string | null;
  onClose: () => void;
}

function RoleEditor({ environmentId, role, roles, catalogue, ownRole, onClose }: EditorProps): ReactElement {
  const [base, setBase] = useState<Role | null>(role);
  const [draft, setDraft] = useState<RoleDraft>(() => draftFromRole(role));
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [nameTouched, setNameTouched] = useState(false);
  const [serverNameError, setServerNameError] = useState<string | null>(null);
  const [serverDescriptionError, setServerDescriptionError] = useState<string | null>(null);
  const create = useCreateRole(environmentId);
  const update = useUpdateRole(environmentId);
  const saving = create.isPending || update.isPending;
  const stepRef = useRef<HTMLDivElement>(null);
  const firstStep = useRef(true);

  // Each step replaces the buttons that had the focus: it moves to the new step's first control.
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    stepRef.current?.querySelector<HTMLElement>('[data-step-focus]')?.focus();
  }, [step.kind]);

  const taken = roles.filter((r) => r.name !== role?.name).map((r) => r.name);
  const nameError = base === null && nameTouched ? (serverNameError ?? nameProblem(draft.name, taken)) : null;
  const changes = base === null ? null : changesOf(base, draft);
  const reviewBlock =
    base === null && nameProblem(draft.name, taken) !== null
      ? 'Give the role a valid name first.'
      : descriptionProblem(draft.description) !== null
        ? 'Shorten the description first.'
        : changes !== null && !hasChanges(changes)
          ? 'Change the description or a permission first.'
          : null;

  const edit = (next: RoleDraft): void => {
    if (next.name !== draft.name) {
      setNameTouched(true);
      setServerNameError(null);
    }
    if (next.description !== draft.description) setServerDescriptionError(null);
    setDraft(next);
  };

  const toReview = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (reviewBlock === null) setStep({ kind: 'review' });
  };

  const backToEdit = (): void => {
    create.reset();
    update.reset();
    setStep({ kind: 'edit' });
  };

  const refused = (error: unknown): void => {
    if (base !== null && isOppError(error) && ['VERSION_MISMATCH', 'NOT_FOUND'].includes(error.code)) {
      setStep({ kind: 'conflict', mine: draft, current: currentFrom(error) });
      return;
    }
    // A field main refused goes back to the fields, beside that field; anything else stays on the
    // review step, with the error shown there.
    const issues = fieldIssues(error);
    const nameIssue =
      base === null
        ? (issues['name'] ?? (isOppError(error) && error.code === 'CONFLICT' ? error.message : undefined))
        : undefined;
    const descriptionIssue = issues['description'];
    if (nameIssue === undefined && descriptionIssue === undefined) return;
    if (nameIssue !== undefined) {
      setServerNameError(nameIssue);
      setNameTouched(true);
    }
    if (descriptionIssue !== undefined) setServerDescriptionError(descriptionIssue);
    backToEdit();
  };

  const save = (): void => {
    const callbacks = { onSuccess: onClose, onError: refused };
    if (base === null) create.mutate(draft, callbacks);
    else update.mutate({ base, changes: changesOf(base, draft) }, callbacks);
  };

  const saveError = step.kind === 'review' ? (base === null ? create.error : update.error) : null;

  if (step.kind === 'conflict' && base !== null) {
    return (
      <div ref={stepRef}>
        <RoleConflictStep
          base={base}
          mine={step.mine}
          current={step.current}
          roles={roles}
          catalogue={catalogue}
          onDiscard={onClose}
          onReapply={(theirs) => {
            setDraft(rebase(base, step.mine, theirs));
            setBase(theirs);
            update.reset();
            setStep({ kind: 'review' });
          }}
        />
      </div>
    );
  }

  if (step.kind === 'review') {
    return (
      <div ref={stepRef}>
        <h3 className="role-step__title" tabIndex={-1} data-step-focus>
          Review changes
        </h3>
        <RoleReview base={base} draft={draft} catalogue={catalogue} ownRole={ownRole} />
        {saveError !== null && (
          <ErrorMessage error={saveError} title={`Role ${draft.name} was not saved.`} write />
        )}
        <div className="button-row dialog__buttons">
          <span className="form__status form__status--muted" role="status">
            {saving ? 'Saving…' : ''}
          </span>
          <span className="button-row__spacer" />
          <button type="button" className="button" disabled={saving} onClick={backToEdit}>
            Back
          </button>
          <ReasonButton
            className="button button--primary"
            disabledReason={changes !== null && !hasChanges(changes) ? 'Nothing is left to change.' : null}
            busy={saving}
            onClick={save}
          >
            Save role
          </ReasonButton>
        </div>
      </div>
    );
  }

  return (
    <div ref={stepRef}>
      <form className="form role-editor" noValidate onSubmit={toReview}>
        <RoleFields
          role={base}
          draft={draft}
          catalogue={catalogue}
          locked={lockedPermissions(base)}
          nameError={nameError}
          descriptionError={serverDescriptionError ?? descriptionProblem(draft.description)}
          onChange={edit}
        />
        <div className="button-row dialog__buttons">
          <span className="button-row__spacer" />
          <Dialog.Close className="button">Cancel</Dialog.Close>
          <ReasonButton
            type="submit"
            className="button button--primary"
            disabledReason={reviewBlock}
            data-step-focus
          >
            Review changes
          </ReasonButton>
        </div>
      </form>
    </div>
  );
}

/** "New role" or "Edit role <name>": fields, then a review of the change, then the save. */
export function RoleEditorDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  ...props
}: Omit<EditorProps, 'onClose'> & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus: (event: Event) => void;
}): ReactElement {
  const { role } = props;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog dialog--wide role-editor-dialog"
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <Dialog.Title className="dialog__title">
            {role === null ? 'New role' : `Edit role ${role.name}`}
          </Dialog.Title>
          <Dialog.Description className="dialog__description">
            {role === null
              ? 'A named set of permissions. Users are given roles on the Users screen.'
              : `${userCountWords(role.user_count)} ${role.user_count === 1 ? 'holds' : 'hold'} ${role.name}. You review the change before it is saved.`}
          </Dialog.Description>
          {/* Rendered only while open: each opening starts from the role as it is then. */}
          {open && <RoleEditor {...props} onClose={() => onOpenChange(false)} />}
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
