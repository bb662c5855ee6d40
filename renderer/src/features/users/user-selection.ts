import { useCallback, useMemo, useState } from 'react';
import type { User } from '../../../../shared/domain/user';

/** At most this many users per bulk action (the contract's limit). */
export const BULK_LIMIT = 500;

export interface UserSelection {
  /** The selected users, as they were when selected (the preview reads them fresh). */
  users: readonly User[];
  ids: ReadonlySet<number>;
  /**
   * A checkbox click on row `index`: toggles that user, or with `range` (shift) gives every row
   * held between the last clicked one and this one the clicked row's new state.
   */
  toggle: (
    index: number,
    user: User,
    range: boolean,
    rowAt: (index: number) => User | undefined,
    table: string,
  ) => void;
  setMany: (users: readonly User[], on: boolean) => void;
  drop: (ids: readonly number[]) => void;
  clear: () => void;
}

interface State {
  users: ReadonlyMap<number, User>;
  /** The last clicked row, in the table (filter) it was clicked in. */
  anchor: { table: string; index: number } | null;
}

/** Which users are selected for a bulk action; kept across searches so a selection can be built up. */
export function useUserSelection(): UserSelection {
  const [state, setState] = useState<State>({ users: new Map(), anchor: null });

  const toggle = useCallback<UserSelection['toggle']>((index, user, range, rowAt, table) => {
    setState(({ users, anchor }) => {
      const next = new Map(users);
      const on = !users.has(user.id);
      const from = range && anchor?.table === table ? Math.min(anchor.index, index) : index;
      const to = range && anchor?.table === table ? Math.max(anchor.index, index) : index;
      for (let at = from; at <= to; at++) {
        const row = at === index ? user : rowAt(at);
        if (row === undefined) continue;
        if (on) next.set(row.id, row);
        else next.delete(row.id);
      }
      return { users: next, anchor: { table, index } };
    });
  }, []);

  const setMany = useCallback<UserSelection['setMany']>((list, on) => {
    setState(({ users, anchor }) => {
      const next = new Map(users);
      for (const user of list) {
        if (on) next.set(user.id, user);
        else next.delete(user.id);
      }
      return { users: next, anchor };
    });
  }, []);

  const drop = useCallback<UserSelection['drop']>((ids) => {
    setState(({ users, anchor }) => {
      const next = new Map(users);
      for (const id of ids) next.delete(id);
      return { users: next, anchor };
    });
  }, []);

  const clear = useCallback(() => setState({ users: new Map(), anchor: null }), []);

  return useMemo(
    () => ({
      users: [...state.users.values()],
      ids: new Set(state.users.keys()),
      toggle,
      setMany,
      drop,
      clear,
    }),
    [state.users, toggle, setMany, drop, clear],
  );
}
