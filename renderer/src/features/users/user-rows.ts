import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import type { User } from '../../../../shared/domain/user';
import type { UserFilter, UserPage } from '../../../../shared/domain/user-admin';
import { useOpp } from '../../app/opp-context';
import { filterKey } from './users-filter';
import { USERS_PAGE_SIZE, userPageQuery } from './users-queries';

/** The rows the table shows now, reported by the table for the filter it draws. */
export interface RowRange {
  filterKey: string;
  first: number;
  last: number;
}

export interface UserRows {
  /** `pending` until the first page of any filter arrived; `error` when the current filter's failed. */
  status: 'pending' | 'error' | 'ready';
  /** The failure of the current filter's first page, or of a page in view. */
  error: unknown;
  refetch: () => void;
  /** The filter the rows on screen belong to: the previous one while a new one loads. */
  shownFilter: UserFilter;
  stale: boolean;
  total: number;
  /** The first page of the shown filter: where the list came from, read-only, note. */
  head: UserPage | undefined;
  rowAt: (index: number) => User | undefined;
}

/** Page 0 (the total, where the list came from) and the pages the rows in view fall on. */
function pagesInView(range: RowRange | null): number[] {
  const pages = new Set([0]);
  if (range !== null) {
    for (let page = Math.floor(range.first / USERS_PAGE_SIZE); page * USERS_PAGE_SIZE <= range.last; page++) {
      pages.add(page);
    }
  }
  return [...pages];
}

/**
 * The users matching `filter`, a page of 100 per query (keyed by filter and page number), fetched
 * by offset as the rows come into view: page 0 (the total) and the pages in view only, so a jump
 * to the end of 10,000 users asks for the last page, not the 98 it passed. While a new filter's first page loads,
 * the previous filter's rows stay on screen (marked stale), so typing never blanks the list.
 */
export function useUserRows(
  environmentId: EnvironmentId,
  filter: UserFilter,
  range: RowRange | null,
): UserRows {
  const opp = useOpp();
  const head = useQuery(userPageQuery(opp, environmentId, filter, 0));
  const [settled, setSettled] = useState<UserFilter | null>(null);
  const key = filterKey(filter);
  if (head.data !== undefined && (settled === null || filterKey(settled) !== key)) setSettled(filter);

  // The current filter is shown as soon as its first page (or its failure) is in.
  const current = head.data !== undefined || head.isError || settled === null;
  const shown = current ? filter : settled;
  const shownKey = filterKey(shown);
  // The table reports the rows in view of the filter it draws; none yet for a new one.
  const wanted = pagesInView(range?.filterKey === shownKey ? range : null);
  const pages = useQueries({
    queries: wanted.map((page) => userPageQuery(opp, environmentId, shown, page)),
  });
  const byPage = new Map<number, UserPage>();
  pages.forEach((result, position) => {
    const page = wanted[position];
    if (result.data !== undefined && page !== undefined) byPage.set(page, result.data);
  });
  const first = byPage.get(0);
  const failed = pages.find((result) => result.isError);

  return {
    status: head.isError && head.data === undefined ? 'error' : first === undefined ? 'pending' : 'ready',
    error: head.error ?? failed?.error ?? null,
    refetch: () => {
      void head.refetch();
      for (const result of pages) if (result.isError) void result.refetch();
    },
    shownFilter: shown,
    stale: !current,
    total: first?.total ?? 0,
    head: first,
    rowAt: (index) => byPage.get(Math.floor(index / USERS_PAGE_SIZE))?.items[index % USERS_PAGE_SIZE],
  };
}
