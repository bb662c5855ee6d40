import { describe, expect, it } from 'vitest';
import {
  CHAIN_START,
  ChainVerifier,
  GENESIS_HASH,
  eventHash,
  type ChainBreak,
  type ChainedEvent,
} from './audit-chain';
import { chainedEvents, hashOf } from './audit-test-events';

const seeds = Array.from({ length: 10 }, (_, i) => ({ id: i + 1 }));

function asChained(events: ReturnType<typeof chainedEvents>): ChainedEvent[] {
  return events.map(({ extra: _extra, ...event }) => event);
}

function checkAll(events: readonly ChainedEvent[], verifier = new ChainVerifier(CHAIN_START, false)) {
  const breaks: ChainBreak[] = [];
  for (const event of events) {
    const broken = verifier.check(event);
    if (broken !== null) breaks.push(broken);
  }
  return { breaks, point: verifier.current };
}

describe('the hash chain check', () => {
  it('agrees with an independent hash of the canonical form', () => {
    const [first] = asChained(chainedEvents(seeds));
    expect(first).toBeDefined();
    expect(eventHash(first as ChainedEvent)).toBe(first?.hash);
  });

  it('accepts a good chain and reaches its last event', () => {
    const { breaks, point } = checkAll(asChained(chainedEvents(seeds)));
    expect(breaks).toEqual([]);
    expect(point).toMatchObject({ checkedThroughId: 10, verifiedThroughId: 10, anchored: false });
  });

  it('marks a changed event, and only it, and keeps checking after it', () => {
    const events = asChained(chainedEvents(seeds));
    const fifth = events[4] as ChainedEvent;
    events[4] = { ...fifth, ip_address: '203.0.113.250', details: { method: 'password', note: 'edited' } };
    const { breaks, point } = checkAll(events);
    expect(breaks).toEqual([{ id: 5, timestamp: fifth.timestamp, reason: 'hash' }]);
    expect(point.checkedThroughId).toBe(10);
    expect(point.verifiedThroughId).toBe(4);
  });

  it('catches a removed event at the one after the gap', () => {
    const events = asChained(chainedEvents(seeds)).filter((event) => event.id !== 5);
    const { breaks, point } = checkAll(events);
    expect(breaks.map((b) => [b.id, b.reason])).toEqual([[6, 'link']]);
    expect(point.verifiedThroughId).toBe(4);
  });

  it('catches reordered events', () => {
    const events = asChained(chainedEvents(seeds));
    const [five, six] = [events[4] as ChainedEvent, events[5] as ChainedEvent];
    events[4] = six;
    events[5] = five;
    const { breaks } = checkAll(events);
    expect(breaks.map((b) => [b.id, b.reason])).toEqual([
      [6, 'link'],
      [5, 'order'],
    ]);
  });

  it('catches an event whose action and user were rewritten', () => {
    const events = asChained(chainedEvents(seeds));
    const [five, six] = [events[4] as ChainedEvent, events[5] as ChainedEvent];
    events[4] = { ...five, action: six.action, username: 'mallory' };
    const { breaks } = checkAll(events);
    expect(breaks.map((b) => b.id)).toEqual([5]);
  });

  it('continues from a saved point exactly as one pass would', () => {
    const events = asChained(chainedEvents(seeds));
    const first = new ChainVerifier(CHAIN_START, false);
    for (const event of events.slice(0, 4)) expect(first.check(event)).toBeNull();
    const resumed = new ChainVerifier(first.current, false);
    const { breaks, point } = checkAll(events.slice(4), resumed);
    expect(breaks).toEqual([]);
    expect(point.checkedThroughId).toBe(10);
  });

  it('needs the genesis hash first, unless the copy starts at a horizon', () => {
    const later = asChained(chainedEvents(seeds)).slice(3);
    expect(checkAll(later).breaks.map((b) => [b.id, b.reason])).toEqual([[4, 'start']]);
    const anchored = checkAll(later, new ChainVerifier(CHAIN_START, true));
    expect(anchored.breaks).toEqual([]);
    expect(anchored.point.anchored).toBe(true);
  });

  it('covers fields it does not know, and treats missing hashes after a chain as a break', () => {
    const body = { id: 1, timestamp: '2026-01-01T00:00:00.000Z', action: 'x', tenant: 'blue' };
    const hash = hashOf(GENESIS_HASH, body);
    const verifier = new ChainVerifier(CHAIN_START, false);
    expect(verifier.check({ ...body, prev_hash: GENESIS_HASH, hash })).toBeNull();
    expect(
      verifier.check({ ...body, id: 2, tenant: 'red', prev_hash: hash, hash: hashOf(hash, body) }),
    ).toEqual(expect.objectContaining({ id: 2, reason: 'hash' }));
    expect(verifier.check({ id: 3, timestamp: body.timestamp, prev_hash: null, hash: null })).toEqual(
      expect.objectContaining({ id: 3, reason: 'missing' }),
    );
  });

  it('leaves an unchained log alone', () => {
    const { breaks, point } = checkAll([
      { id: 1, timestamp: 't', prev_hash: null, hash: null },
      { id: 2, timestamp: 't', prev_hash: null, hash: null },
    ]);
    expect(breaks).toEqual([]);
    expect(point.checkedThroughId).toBe(0);
  });
});
