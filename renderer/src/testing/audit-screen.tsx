import { screen, within } from '@testing-library/react';
import type { Session } from '../../../shared/domain/session';
import { FakeAuditStore, type FakeAuditSeed } from './fake-audit-store';
import { STAGING, createFakeOppApi, sampleSession } from './fake-opp-api';
import { renderWithProviders, type RenderedApp } from './render-app';

export interface AuditScreenOptions extends Partial<FakeAuditSeed> {
  sessions?: readonly Session[];
  /** The fake copy itself, when a test changes it (new events). */
  store?: FakeAuditStore;
}

/** The whole app on the Audit area of Staging (signed in unless told), over a fake copy. */
export function renderAuditScreen({
  sessions = [sampleSession('staging')],
  store,
  ...seed
}: AuditScreenOptions = {}): RenderedApp & { audit: FakeAuditStore } {
  const audit = store ?? new FakeAuditStore('staging', { count: 1000, ...seed });
  const api = createFakeOppApi(undefined, { environments: [STAGING], sessions, audit: { staging: audit } });
  const rendered = renderWithProviders(undefined, {
    api,
    uiState: { area: 'audit', selectedEnvironmentId: 'staging' },
  });
  return { ...rendered, audit };
}

export function findGrid(): Promise<HTMLElement> {
  return screen.findByRole('grid', { name: 'Audit events' }, { timeout: 5000 });
}

/** The table as it is now (a new filter draws a new one). */
export function currentGrid(): HTMLElement {
  return screen.getByRole('grid', { name: 'Audit events' });
}

/** The table's scroll viewport (the virtualizer's element). */
export function viewportOf(grid: HTMLElement): HTMLElement {
  const viewport = grid.querySelector<HTMLElement>('[data-scroll-viewport]');
  if (viewport === null) throw new Error('The grid has no scroll viewport');
  return viewport;
}

/** The event ids of the rows drawn, top to bottom. */
export function shownIds(grid: HTMLElement): number[] {
  return Array.from(grid.querySelectorAll<HTMLElement>('[data-event-id]'), (row) =>
    Number(row.dataset['eventId']),
  );
}

export function rowOf(grid: HTMLElement, id: number): HTMLElement {
  const row = grid.querySelector<HTMLElement>(`[data-event-id="${id}"]`);
  if (row === null) throw new Error(`No row for event ${id}`);
  return row;
}

export function detailPanel(id: number): Promise<HTMLElement> {
  return screen.findByRole('complementary', { name: `Event ${id}` });
}

/** Queries within the status strip. */
export function withinStatus() {
  return within(screen.getByRole('region', { name: 'Audit copy' }));
}
