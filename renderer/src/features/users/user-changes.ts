import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import type { UserChanges } from '../../../../shared/domain/user-admin';
import { useOpp } from '../../app/opp-context';
import { useToast } from '../../components/toasts';
import { UserCache, currentOf, type UsersSnapshot } from './user-cache';
import { refusalWords } from './user-words';

/** A change the server refused because someone else changed the user first. */
export interface VersionConflict {
  /** The user as the change was based on. */
  base: User;
  /** What the administrator changed. */
  changes: UserChanges;
  /** The server's user now. */
  theirs: User;
}

/** The changes that `theirs` does not already have; empty when they made the same ones. */
export function changesAgainst(changes: UserChanges, theirs: User): UserChanges {
  return Object.fromEntries(
    Object.entries(changes).filter(([field, value]) => theirs[field as keyof UserChanges] !== value),
  );
}

export interface UserChangesApi {
  /** Applies `changes` to `base` at once on screen, then on the server at `base.version`. */
  change: (base: User, changes: UserChanges) => void;
  unlock: (user: User) => void;
  conflict: VersionConflict | null;
  /** Sends the administrator's changes again, based on the server's version now. */
  reapply: () => void;
  /** Keeps the server's version (already on screen). */
  discard: () => void;
}

/**
 * Optimistic user changes: the list and panel show a change at once; when the server refuses it
 * is undone with a notification saying why, and a VERSION_MISMATCH opens the comparison instead
 * of overwriting anything. Afterwards the users scope is fetched again.
 */
export function useUserChanges(
  environmentId: EnvironmentId,
  permissionsOf: (role: string) => string[] | undefined,
): UserChangesApi {
  const opp = useOpp();
  const queryClient = useQueryClient();
  const toast = useToast();
  const cache = useMemo(() => new UserCache(queryClient, environmentId), [queryClient, environmentId]);
  const [conflict, setConflict] = useState<VersionConflict | null>(null);

  const undone = (username: string, error: unknown): void =>
    toast.show({
      title: `The change to ${username} was undone.`,
      description: refusalWords(error),
      tone: 'error',
    });

  const update = useMutation<User, unknown, { base: User; changes: UserChanges }, UsersSnapshot>({
    mutationFn: ({ base, changes }) =>
      opp.users.update({ environmentId, id: base.id, baseVersion: base.version ?? 0, changes }),
    onMutate: async ({ base, changes }) => {
      const before = await cache.hold();
      const permissions = changes.role === undefined ? undefined : permissionsOf(changes.role);
      cache.patch(base.id, (user) => ({ ...user, ...changes, permissions: permissions ?? user.permissions }));
      return before;
    },
    onError: (error, { base, changes }, before) => {
      if (before !== undefined) cache.restore(before);
      const theirs = currentOf(error);
      if (theirs === null) {
        undone(base.username, error);
        return;
      }
      cache.put(theirs);
      setConflict({ base, changes, theirs });
    },
    onSuccess: (saved) => {
      cache.put(saved);
      toast.show({ title: `${saved.username} saved.`, tone: 'success' });
    },
    onSettled: (_saved, _error, { changes }) => cache.refresh({ roles: changes.role !== undefined }),
  });

  const unlock = useMutation<void, unknown, User, UsersSnapshot>({
    mutationFn: (user) => opp.users.unlock({ environmentId, id: user.id }),
    onMutate: async (user) => {
      const before = await cache.hold();
      cache.patch(user.id, (shown) => ({ ...shown, locked_until: null, failed_login_attempts: 0 }));
      return before;
    },
    onError: (error, user, before) => {
      if (before !== undefined) cache.restore(before);
      undone(user.username, error);
    },
    onSuccess: (_nothing, user) => toast.show({ title: `${user.username} unlocked.`, tone: 'success' }),
    onSettled: () => cache.refresh(),
  });

  return {
    change: (base, changes) => update.mutate({ base, changes }),
    unlock: (user) => unlock.mutate(user),
    conflict,
    reapply: () => {
      if (conflict === null) return;
      setConflict(null);
      const changes = changesAgainst(conflict.changes, conflict.theirs);
      if (Object.keys(changes).length > 0) update.mutate({ base: conflict.theirs, changes });
    },
    discard: () => setConflict(null),
  };
}
