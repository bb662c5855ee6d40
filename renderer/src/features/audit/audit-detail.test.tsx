import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OppError } from '../../../../shared/errors';
import {
  currentGrid,
  detailPanel,
  findGrid,
  renderAuditScreen,
  rowOf,
  shownIds,
} from '../../testing/audit-screen';
import { FAKE_EXPORT_SHA256 } from '../../testing/fake-opp-api';
import { stubScrollLayout } from '../../testing/scroll-layout';
import { auditEventLinkStore, requestAuditEvent } from '../health/audit-event-link';
import { ROW_HEIGHT } from './audit-table';

let restoreLayout: () => void = () => {};
beforeEach(() => {
  restoreLayout = stubScrollLayout({ height: 10 * ROW_HEIGHT });
});
afterEach(() => {
  restoreLayout();
  auditEventLinkStore.setState({ pendingAuditEvent: null });
});

describe('audit event detail', { timeout: 20_000 }, () => {
  it('shows every field, the details as formatted JSON and the chain status', async () => {
    const { user, audit } = renderAuditScreen({ count: 100 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(100));
    await user.click(within(rowOf(grid, 98)).getByText(audit.event(98).action));

    const panel = await detailPanel(98);
    const event = audit.event(98);
    expect(within(panel).getByRole('heading', { name: 'Event 98' })).toBeInTheDocument();
    expect(within(panel).getByText(event.timestamp)).toBeInTheDocument();
    expect(within(panel).getByText(event.user_agent ?? '')).toBeInTheDocument();
    expect(within(panel).getByText(event.hash ?? '')).toBeInTheDocument();
    expect(within(panel).getByTestId('audit-event-details').textContent).toBe(
      JSON.stringify(event.details, null, 2),
    );
    expect(within(panel).getByTestId('audit-event-chain')).toHaveTextContent('Verified');
    expect(rowOf(grid, 98)).toHaveAttribute('aria-selected', 'true');

    await user.click(within(panel).getByRole('button', { name: 'Close event details' }));
    expect(screen.queryByRole('complementary', { name: 'Event 98' })).not.toBeInTheDocument();
    expect(currentGrid()).toHaveFocus();
  });

  it('puts the details in as text, never as markup', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 20 });
    api.audit.event.mockResolvedValue({
      ...audit.event(20),
      details: { note: '<img src=x onerror=alert(1)><b>bold</b>' },
    });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(20));
    await user.click(within(rowOf(grid, 20)).getByText(audit.event(20).action));
    const panel = await detailPanel(20);
    const details = (): HTMLElement => within(panel).getByTestId('audit-event-details');
    await waitFor(() =>
      expect(details()).toHaveTextContent('"note": "<img src=x onerror=alert(1)><b>bold</b>"'),
    );
    expect(details().querySelector('img, b')).toBeNull();
  });

  it('says why an event fails the chain check, and marks it in the table', async () => {
    const { user } = renderAuditScreen({ count: 60, broken: [57] });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(60));
    const row = rowOf(grid, 57);
    expect(within(row).getByTitle('Fails the chain check')).toBeInTheDocument();
    expect(within(rowOf(grid, 58)).queryByTitle('Fails the chain check')).not.toBeInTheDocument();

    await user.click(row);
    const chain = within(await detailPanel(57)).getByTestId('audit-event-chain');
    expect(chain).toHaveTextContent('Chain broken');
    expect(chain).toHaveTextContent('Why: Its hash does not match its content');
  });

  it('filters by the event’s user, action or IP', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 80 });
    const grid = await findGrid();
    await waitFor(() => expect(shownIds(grid)[0]).toBe(80));
    const id = shownIds(grid).find((candidate) => audit.event(candidate).username !== null) ?? 80;
    const event = audit.event(id);
    await user.click(rowOf(grid, id));
    const panel = await detailPanel(id);

    await user.click(within(panel).getByRole('button', { name: 'Filter by this user' }));
    expect(
      await screen.findByRole('button', { name: `Remove filter: User: ${event.username ?? ''}` }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.audit.query).toHaveBeenLastCalledWith(
        expect.objectContaining({ filter: { usernames: [event.username] }, after: null }),
      ),
    );

    await user.click(within(panel).getByRole('button', { name: 'Filter by this action' }));
    await user.click(within(panel).getByRole('button', { name: 'Filter by this IP' }));
    expect(
      await screen.findByRole('button', { name: `Remove filter: Action: ${event.action}` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: `Remove filter: IP: ${event.ip_address ?? ''}` }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.audit.query).toHaveBeenLastCalledWith(
        expect.objectContaining({
          filter: { usernames: [event.username], actions: [event.action], ipPrefix: event.ip_address },
        }),
      ),
    );
    // The panel stays on the event, which matches its own filters.
    expect(await detailPanel(id)).toBeInTheDocument();
    await waitFor(() => expect(shownIds(currentGrid())).toContain(id));
  });

  it('cannot filter by the user of an event with no known user', async () => {
    const { user, audit } = renderAuditScreen({ count: 200 });
    await findGrid();
    // Failed logins of unknown users name the username tried in their details.
    await user.type(screen.getByLabelText('Search events'), 'mallory');
    const ids = audit.ids({ text: 'mallory' });
    const id = ids.idAt(ids.length - 1);
    await waitFor(() => expect(shownIds(currentGrid())[0]).toBe(id));
    expect(audit.event(id).username).toBeNull();
    expect(within(rowOf(currentGrid(), id)).getByText('unknown user')).toBeInTheDocument();
    await user.click(rowOf(currentGrid(), id));
    const button = within(await detailPanel(id)).getByRole('button', { name: 'Filter by this user' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription('This event names no known user.');
  });

  it('opens the event another area asked for', async () => {
    requestAuditEvent({ environmentId: 'staging', eventId: 7 });
    const { api } = renderAuditScreen({ count: 100 });
    const panel = await detailPanel(7);
    await waitFor(() => expect(within(panel).getByTestId('audit-event-chain')).toHaveTextContent('Verified'));
    expect(api.audit.event).toHaveBeenCalledWith({ environmentId: 'staging', id: 7 });
    expect(auditEventLinkStore.getState().pendingAuditEvent).toBeNull();
  });
});

describe('audit export', { timeout: 20_000 }, () => {
  it('exports the current filter and shows the file, count and SHA-256; nothing when cancelled', async () => {
    const { api, user, audit } = renderAuditScreen({ count: 250 });
    await findGrid();
    await user.type(screen.getByLabelText('Search events'), 'mallory');
    const count = audit.ids({ text: 'mallory' }).length;
    await waitFor(() =>
      expect(screen.getByTestId('audit-total')).toHaveAttribute('data-value', String(count)),
    );

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const result = await screen.findByRole('status', { name: 'Export result' });
    expect(api.audit.export).toHaveBeenCalledWith({
      environmentId: 'staging',
      filter: { text: 'mallory' },
      format: 'csv',
    });
    expect(result).toHaveTextContent(`Exported ${count} events to /home/admin/audit-staging.csv`);
    expect(result).toHaveTextContent('/home/admin/audit-staging.csv.manifest.json');
    expect(within(result).getByTestId('audit-export-sha256')).toHaveTextContent(FAKE_EXPORT_SHA256);

    api.audit.export.mockResolvedValueOnce({ file: null, manifestFile: null, count: 0, sha256: null });
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() =>
      expect(api.audit.export).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'json' })),
    );
    await waitFor(() =>
      expect(screen.queryByRole('status', { name: 'Export result' })).not.toBeInTheDocument(),
    );
    expect(screen.queryByText(/was not exported|were not exported/)).not.toBeInTheDocument();
  });

  it('says when the export failed', async () => {
    const { api, user } = renderAuditScreen({ count: 10 });
    await findGrid();
    api.audit.export.mockRejectedValueOnce(new OppError('INTERNAL', 'The disk is full.'));
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(await screen.findByText('The events were not exported.')).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Export result' })).not.toBeInTheDocument();
  });
});
