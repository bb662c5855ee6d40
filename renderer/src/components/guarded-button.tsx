import { Tooltip } from 'radix-ui';
import { useId, type ComponentPropsWithoutRef, type ReactElement } from 'react';
import type { Action } from '../../../shared/access';
import type { Session } from '../../../shared/domain/session';
import { useAccess } from './use-access';

export interface ReasonButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'disabled'> {
  /** Why the button is off, or null when it is on. */
  disabledReason: string | null;
  /** Off without a reason to tell (e.g. while its action runs). */
  busy?: boolean;
}

/**
 * A button that, when off, says why: it stays focusable (`aria-disabled`, not `disabled`, which
 * would take it out of the tab order and silence hover), ignores clicks, and shows the reason in
 * a tooltip on hover or focus and as its accessible description.
 */
export function ReasonButton({
  disabledReason,
  busy = false,
  type = 'button',
  children,
  onClick,
  ...props
}: ReasonButtonProps): ReactElement {
  const reasonId = useId();
  if (disabledReason === null) {
    return (
      <button type={type} disabled={busy} onClick={onClick} {...props}>
        {children}
      </button>
    );
  }
  return (
    <>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button
            type={type}
            {...props}
            aria-disabled="true"
            aria-describedby={reasonId}
            onClick={(event) => event.preventDefault()}
          >
            {children}
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content className="tooltip" sideOffset={6}>
            {disabledReason}
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
      <span id={reasonId} className="visually-hidden">
        {disabledReason}
      </span>
    </>
  );
}

export interface GuardedButtonProps extends Omit<ReasonButtonProps, 'disabledReason'> {
  /** What the button does, in `shared/access.ts` terms. */
  action: Action;
  /** The session to check; the active environment's when left out. */
  session?: Session | null;
}

/**
 * A button for an action that needs a permission and a server capability: off, with
 * `access()`'s reason, when the user's role or the server does not allow it.
 * `<GuardedButton action="users.write" className="button" onClick={…}>Add user</GuardedButton>`
 */
export function GuardedButton({ action, session, ...props }: GuardedButtonProps): ReactElement {
  const allowed = useAccess(action, session);
  return <ReasonButton disabledReason={allowed.allowed ? null : allowed.reason} {...props} />;
}
