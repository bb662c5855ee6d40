import { z } from 'zod';
import type { AuditEvent } from '../../../../shared/domain/audit';

/** One line of what an event changed: "Added: write, delete". */
export interface HistoryLine {
  label: string;
  names?: string[];
  text?: string;
}

const names = z.array(z.string());

/**
 * What the reference platform writes in `details` (test/platform/roles-routes.ts). Other servers
 * may write other shapes or none (the legacy log has no details): those parse to no lines.
 */
const createdDetails = z.object({ description: z.string().optional(), permissions: names });
const updatedDetails = z.object({
  changes: z.object({
    permissions: z.object({ added: names, removed: names }).optional(),
    description: z.object({ from: z.string(), to: z.string() }).optional(),
  }),
});
const deletedDetails = z.object({ permissions: names });

function quoted(text: string): string {
  return text === '' ? '(empty)' : `“${text}”`;
}

/** What an event changed, in lines; empty when its details say nothing we can read. */
export function historyLines(event: AuditEvent): HistoryLine[] {
  const details: unknown = event.details;
  switch (event.action) {
    case 'role_created': {
      const parsed = createdDetails.safeParse(details);
      if (!parsed.success) return [];
      const lines: HistoryLine[] = [{ label: 'Granted', names: parsed.data.permissions }];
      if (parsed.data.description !== undefined && parsed.data.description !== '') {
        lines.push({ label: 'Description', text: quoted(parsed.data.description) });
      }
      return lines;
    }
    case 'role_updated': {
      const parsed = updatedDetails.safeParse(details);
      if (!parsed.success) return [];
      const { permissions, description } = parsed.data.changes;
      const lines: HistoryLine[] = [];
      if (permissions !== undefined && permissions.added.length > 0)
        lines.push({ label: 'Added', names: permissions.added });
      if (permissions !== undefined && permissions.removed.length > 0)
        lines.push({ label: 'Removed', names: permissions.removed });
      if (description !== undefined) {
        lines.push({ label: 'Description', text: `${quoted(description.from)} → ${quoted(description.to)}` });
      }
      return lines;
    }
    case 'role_deleted': {
      const parsed = deletedDetails.safeParse(details);
      return parsed.success ? [{ label: 'It granted', names: parsed.data.permissions }] : [];
    }
    default:
      return [];
  }
}

const ACTION_WORDS: Readonly<Record<string, string>> = {
  role_created: 'Created',
  role_updated: 'Changed',
  role_deleted: 'Deleted',
};

export function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? action;
}

/** Newest first, whatever order main answered in (ids only grow, so they break ties in time). */
export function newestFirst(events: readonly AuditEvent[]): AuditEvent[] {
  return [...events].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || b.id - a.id);
}
