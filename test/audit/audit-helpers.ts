import type { AuditEvent } from '../../shared/domain/audit';

/** A bearer token for `username` on a platform, by plain HTTP (no console code involved). */
export async function tokenFor(url: string, password: string, username = 'admin'): Promise<string> {
  const answer = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (answer.status !== 200) throw new Error(`sign-in to ${url}: HTTP ${answer.status}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

/** The whole log of a full platform, oldest first, through the cursor API. */
export async function serverLog(url: string, password: string): Promise<AuditEvent[]> {
  const token = await tokenFor(url, password);
  const events: AuditEvent[] = [];
  for (let afterId = 0; ;) {
    const answer = await fetch(`${url}/api/v1/audit-logs?after_id=${afterId}&limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (answer.status !== 200) throw new Error(`audit page after ${afterId}: HTTP ${answer.status}`);
    const page = (await answer.json()) as { items: AuditEvent[]; next_after_id: number; has_more: boolean };
    events.push(...page.items);
    afterId = page.next_after_id;
    if (!page.has_more) return events;
  }
}

export interface LegacyEvent {
  id: number;
  user_id: number | null;
  username: string | null;
  action: string;
  resource: string | null;
  ip_address: string | null;
  timestamp: string;
}

/** The whole log of a legacy platform, oldest first, through its newest-first list. */
export async function legacyLog(url: string, password: string): Promise<LegacyEvent[]> {
  const token = await tokenFor(url, password);
  const events: LegacyEvent[] = [];
  for (let skip = 0; ; skip += 1000) {
    const answer = await fetch(`${url}/api/v1/auth/audit-logs?skip=${skip}&limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (answer.status !== 200) throw new Error(`legacy audit page at ${skip}: HTTP ${answer.status}`);
    const page = ((await answer.json()) as { audit_logs: LegacyEvent[] }).audit_logs;
    if (page.length === 0) break;
    events.push(...page);
  }
  // Our own sign-in above may have shifted a page: keep one of each id.
  const byId = new Map(events.map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
