import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPlatform } from '../test/platform/index';
import type { FigureGroup } from './figure';

const EVENTS = 1_000_000;
const PAGE = 5000;

interface AuditPage {
  items: { id: number }[];
  next_after_id: number;
  has_more: boolean;
}

/**
 * One seeded server for both figures: seeding a million events is the expensive setup, and
 * paging needs exactly that log. The data folder is a temp folder removed at the end.
 */
export const groups: FigureGroup[] = [
  {
    names: ['platform.seed.events_per_s', 'platform.audit_pages.events_per_s'],
    async run(selected, emit) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'opp-platform-bench-'));
      const platform = await startPlatform({ dataDir, users: 1000, audit: EVENTS });
      try {
        const machine = { cores: availableParallelism(), node: process.version };
        if (selected('platform.seed.events_per_s')) {
          emit('platform.seed.events_per_s', {
            value: Math.round(platform.seed.events / (platform.seed.ms / 1000)),
            unit: 'events/s',
            events: platform.seed.events,
            seconds: Math.round(platform.seed.ms) / 1000,
            note: 'one transaction into a fresh SQLite file, SHA-256 chain computed in the same pass',
            ...machine,
          });
        }
        if (selected('platform.audit_pages.events_per_s')) {
          const login = await fetch(`${platform.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'admin', password: platform.password }),
          });
          const { access_token: token } = (await login.json()) as { access_token: string };
          const started = performance.now();
          let afterId = 0;
          let events = 0;
          let pages = 0;
          let bytes = 0;
          for (;;) {
            const response = await fetch(
              `${platform.url}/api/v1/audit-logs?after_id=${afterId}&limit=${PAGE}`,
              {
                headers: { authorization: `Bearer ${token}` },
              },
            );
            const text = await response.text();
            if (response.status !== 200) throw new Error(`page after ${afterId}: HTTP ${response.status}`);
            bytes += text.length;
            const page = JSON.parse(text) as AuditPage;
            events += page.items.length;
            pages += 1;
            afterId = page.next_after_id;
            if (!page.has_more) break;
          }
          const seconds = (performance.now() - started) / 1000;
          emit('platform.audit_pages.events_per_s', {
            value: Math.round(events / seconds),
            unit: 'events/s',
            events,
            pages,
            page_size: PAGE,
            mb: Math.round(bytes / 1e5) / 10,
            seconds: Math.round(seconds * 1000) / 1000,
            note: 'cursor API over loopback HTTP, client parses every page',
            ...machine,
          });
        }
      } finally {
        await platform.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
];
