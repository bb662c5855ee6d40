import type { Session } from '../../../../shared/domain/session';

/** "alice · admin": who is signed in, as the header shows it. */
export function sessionUserLabel(session: Session): string {
  return `${session.username} · ${session.role}`;
}

/** The session state of an environment in a few words, from its session query. */
export function sessionStateText(query: {
  data?: Session | null | undefined;
  isPending: boolean;
  isError: boolean;
}): string {
  if (query.data !== undefined && query.data !== null) {
    return `Signed in as ${query.data.username} (${query.data.role})`;
  }
  if (query.data === null) return 'Signed out';
  if (query.isError) return 'Session unknown';
  return 'Checking session…';
}
