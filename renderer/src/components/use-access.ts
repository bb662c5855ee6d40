import { access, type Access, type Action } from '../../../shared/access';
import type { Session } from '../../../shared/domain/session';
import { useActiveEnvironment } from '../app/active-environment';

/**
 * Whether the user may do `action`, from the active environment's session (or the `session`
 * given). When not, `reason` is the sentence to show on the disabled control.
 */
export function useAccess(action: Action, session?: Session | null): Access {
  const active = useActiveEnvironment();
  return access(session === undefined ? active.session : session, action);
}
