import { describe, expect, it } from 'vitest';
import { CursorReader } from './audit-cursor-reader';
import type { CursorPage, WireEvent } from './audit-fetch';

const LIMIT = 5;

/** A cursor API over a log holding `ids` (ascending), answering as §4 says; it records each after_id asked. */
function cursorServer(ids: readonly number[], fail: (afterId: number) => boolean = () => false) {
  const asked: number[] = [];
  const fetchPage = (afterId: number): Promise<CursorPage> => {
    asked.push(afterId);
    if (fail(afterId)) return Promise.reject(new Error(`page after ${afterId} failed`));
    const held = ids.filter((id) => id > afterId);
    const items = held.slice(0, LIMIT);
    const events = items.map((id) => ({ id }) as WireEvent);
    const last = items[items.length - 1];
    return Promise.resolve({
      events,
      nextAfterId: last ?? afterId,
      hasMore: held.length > LIMIT,
      body: null,
    });
  };
  return { asked, fetchPage };
}

async function readAll(reader: CursorReader): Promise<number[][]> {
  const pages: number[][] = [];
  for (let page = await reader.read(); page !== null; page = await reader.read()) {
    pages.push(page.events.map((e) => e.id));
  }
  return pages;
}

/** A sync's stop signal that never fires. */
const running = (): AbortSignal => new AbortController().signal;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function pagesOf(ids: readonly number[]): number[][] {
  const pages: number[][] = [];
  for (let i = 0; i < ids.length; i += LIMIT) pages.push(ids.slice(i, i + LIMIT));
  return pages;
}

describe('the cursor reader', () => {
  it('reads a gapless log page by page, asking for the page after next before the next arrives', async () => {
    const log = range(1, 23);
    const server = cursorServer(log);
    const reader = new CursorReader(server.fetchPage, LIMIT, 0, running());
    const first = await reader.read();
    expect(first?.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    // The next page (after 5) and, since ids 1-5 ran without a gap, a guess at the one after (after 10).
    expect(server.asked).toEqual([0, 5, 10]);
    const rest = await readAll(reader);
    expect([first?.events.map((e) => e.id), ...rest]).toEqual(pagesOf(log));
    // Each page asked for once; the last guess (after 25) ran past the end and was dropped.
    expect(server.asked).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('drops a guess that a gap proved wrong, and asks for the right page instead', async () => {
    // 6-8 are missing: the page after 5 is 9-13, so its cursor is 13, not the guessed 10.
    const log = [...range(1, 5), ...range(9, 30)];
    const server = cursorServer(log);
    expect(await readAll(new CursorReader(server.fetchPage, LIMIT, 0, running()))).toEqual(pagesOf(log));
    expect(server.asked.slice(0, 4)).toEqual([0, 5, 10, 13]);
    // No page was asked twice, and no page reached the reader but through its own cursor.
    expect(new Set(server.asked).size).toBe(server.asked.length);
  });

  it('never runs ahead on a log with gaps everywhere', async () => {
    const log = range(1, 40).filter((id) => id % 3 !== 0);
    const server = cursorServer(log);
    const pages = await readAll(new CursorReader(server.fetchPage, LIMIT, 0, running()));
    expect(pages).toEqual(pagesOf(log));
    // Exactly the cursors the pages named: 0, then each page's last id.
    expect(server.asked).toEqual([0, ...pages.slice(0, -1).map((p) => p[p.length - 1])]);
  });

  it('does not guess after a short page that still has more (a server with a smaller limit)', async () => {
    const server = {
      asked: [] as number[],
      fetchPage(afterId: number): Promise<CursorPage> {
        this.asked.push(afterId);
        const ids = range(afterId + 1, Math.min(afterId + 3, 9));
        return Promise.resolve({
          events: ids.map((id) => ({ id }) as WireEvent),
          nextAfterId: ids[ids.length - 1] ?? afterId,
          hasMore: afterId + 3 < 9,
          body: null,
        });
      },
    };
    const pages = await readAll(new CursorReader((a) => server.fetchPage(a), LIMIT, 0, running()));
    expect(pages).toEqual([range(1, 3), range(4, 6), range(7, 9)]);
    expect(server.asked).toEqual([0, 3, 6]);
  });

  it('starts from a saved cursor', async () => {
    const server = cursorServer(range(1, 12));
    expect(await readAll(new CursorReader(server.fetchPage, LIMIT, 7, running()))).toEqual([range(8, 12)]);
    expect(server.asked[0]).toBe(7);
  });

  it('lets a failed request that nothing reads pass quietly', async () => {
    // The guess after 10 fails, but a gap makes it the wrong guess: nobody reads it. An
    // unhandled rejection would fail this test.
    const log = [...range(1, 5), ...range(9, 30)];
    const server = cursorServer(log, (afterId) => afterId === 10);
    expect(await readAll(new CursorReader(server.fetchPage, LIMIT, 0, running()))).toEqual(pagesOf(log));
    expect(server.asked).toContain(10);
  });

  it('cancels a wrong guess at once, what is still ahead on close, and everything on a stop', async () => {
    const signals = new Map<number, AbortSignal>();
    const log = [...range(1, 5), ...range(9, 30)];
    const server = cursorServer(log);
    const fetchPage = (afterId: number, signal: AbortSignal) => {
      signals.set(afterId, signal);
      return server.fetchPage(afterId);
    };
    const stop = new AbortController();
    const reader = new CursorReader(fetchPage, LIMIT, 0, stop.signal);
    await reader.read(); // 1-5: dense, so the page after 10 is guessed
    await reader.read(); // 9-13: the guess was wrong
    expect(signals.get(10)?.aborted).toBe(true);
    expect(signals.get(13)?.aborted).toBe(false);
    reader.close();
    expect(signals.get(13)?.aborted).toBe(true);

    const again = new CursorReader(fetchPage, LIMIT, 13, stop.signal);
    await again.read();
    const ahead = signals.get(18);
    expect(ahead?.aborted).toBe(false);
    stop.abort();
    expect(ahead?.aborted).toBe(true);
  });

  it('reports the failure of a guessed page that turned out to be the right one', async () => {
    const server = cursorServer(range(1, 30), (afterId) => afterId === 10);
    const reader = new CursorReader(server.fetchPage, LIMIT, 0, running());
    expect((await reader.read())?.events[0]?.id).toBe(1);
    expect((await reader.read())?.events[0]?.id).toBe(6);
    await expect(reader.read()).rejects.toThrow('page after 10 failed');
  });
});
