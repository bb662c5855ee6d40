import { createContext, useContext, type ReactElement, type ReactNode } from 'react';
import type { UserPage } from '../../../../shared/domain/user-admin';
import { ReasonButton, type ReasonButtonProps } from '../../components/guarded-button';
import { useAccess } from '../../components/use-access';

/** Why nothing can be written on this screen now (read-only list, offline), or null. */
export function writeBlockReason(page: UserPage | undefined, online: boolean): string | null {
  if (!online || page?.source === 'cache') {
    return 'Offline: users cannot be changed until the server can be reached again.';
  }
  if (page?.readOnly === true) return page.note ?? 'This list of users is read-only.';
  return null;
}

const WriteBlockContext = createContext<string | null>(null);

/** Tells every write button below why writing is off (see `writeBlockReason`). */
export function UsersWriteBlock({
  reason,
  children,
}: {
  reason: string | null;
  children: ReactNode;
}): ReactElement {
  return <WriteBlockContext value={reason}>{children}</WriteBlockContext>;
}

/** The reason a users write is off here: the session's (role, server), the screen's, or `own`. */
export function useWriteReason(
  action: 'users.write' | 'users.delete',
  own: string | null = null,
): string | null {
  const access = useAccess(action);
  const block = useContext(WriteBlockContext);
  if (!access.allowed) return access.reason;
  return block ?? own;
}

/**
 * A button that writes users: off, with the reason as tooltip and description, when the role or
 * the server does not allow it (as GuardedButton), when the list is read-only or offline, or for
 * the button's own reason (`disabledReason`, e.g. "alice is not locked.").
 */
export function UserWriteButton({
  action,
  disabledReason = null,
  ...props
}: Omit<ReasonButtonProps, 'disabledReason'> & {
  action: 'users.write' | 'users.delete';
  disabledReason?: string | null;
}): ReactElement {
  return <ReasonButton disabledReason={useWriteReason(action, disabledReason)} {...props} />;
}
