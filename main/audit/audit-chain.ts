import { hash as digest } from 'node:crypto';
import { canonicalBody } from './audit-canonical';

/** The `prev_hash` of a log's first event (platform-api.md §4). */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as the chain sees it: every field the server sent, `hash` and `prev_hash` included. */
export interface ChainedEvent {
  id: number;
  timestamp: string;
  prev_hash: string | null;
  hash: string | null;
  [field: string]: unknown;
}

/**
 * §4: lower-case hex SHA-256 of `prev_hash`, a line feed, and the RFC 8785 form of the event
 * without `hash` and `prev_hash`. Every other field counts, including ones this console does
 * not know, so a newer server's events still verify.
 */
export function eventHash(event: ChainedEvent): string {
  // One-shot hash of one string (UTF-8, as Hash.update encodes strings): no Hash object per event.
  return digest('sha256', `${event.prev_hash ?? ''}\n${canonicalBody(event)}`, 'hex');
}

export type BreakReason = 'hash' | 'link' | 'start' | 'order' | 'missing';

/** Words for the audit screen: what failed, and what it means. */
export const BREAK_WORDS: Record<BreakReason, string> = {
  hash: 'Its content does not match its hash: the event was changed after it was written.',
  link: 'It does not follow the event before it: events were removed, inserted or reordered before it.',
  start: 'The first event held does not start the chain (its previous hash is not 64 zeros).',
  order: 'Its id does not come after the event before it.',
  missing: 'It carries no hash although the log before it is chained.',
};

export interface ChainBreak {
  id: number;
  timestamp: string;
  reason: BreakReason;
}

/** Where a check stands; saved with the rows it covers so a later page continues from it. */
export interface ChainPoint {
  /** The last id checked (0: none yet). */
  checkedThroughId: number;
  /** The hash the next event must link to; null before the first chained event. */
  lastHash: string | null;
  /** The last id of the unbroken run from the first event held; null before any. */
  verifiedThroughId: number | null;
  /** True when the first event held was taken as the start (a horizon cut off the older ones). */
  anchored: boolean;
}

export const CHAIN_START: ChainPoint = {
  checkedThroughId: 0,
  lastHash: null,
  verifiedThroughId: null,
  anchored: false,
};

/**
 * Checks events oldest first, continuing from a saved point. A break is recorded and the check
 * goes on from the broken event's own claimed hash: the events after a changed one still link
 * to it, so only the events that really fail are marked, and the break stays on record.
 */
export class ChainVerifier {
  private point: ChainPoint;
  private broken: boolean;

  /**
   * `anchorFirst`: when nothing has been checked yet, accept the first event's `prev_hash` as
   * the start (a copy limited by a horizon does not begin at the log's first event).
   */
  constructor(
    start: ChainPoint,
    private readonly anchorFirst: boolean,
    alreadyBroken = false,
  ) {
    this.point = { ...start };
    this.broken = alreadyBroken;
  }

  get current(): ChainPoint {
    return { ...this.point };
  }

  /** Checks the next event; answers its break, or null when it holds (or is unchained). */
  check(event: ChainedEvent): ChainBreak | null {
    const p = this.point;
    if (event.hash === null) {
      // An unchained server: nothing to check. After chained events, a missing hash is a break.
      if (p.lastHash === null) return null;
      return this.fail(event, 'missing', p.lastHash);
    }
    if (event.id <= p.checkedThroughId) return this.fail(event, 'order', p.lastHash);
    let expected = p.lastHash;
    if (expected === null) {
      if (this.anchorFirst && p.checkedThroughId === 0) {
        expected = event.prev_hash;
        this.point.anchored = true;
      } else {
        expected = GENESIS_HASH;
      }
    }
    if (event.prev_hash !== expected) {
      return this.fail(event, p.lastHash === null ? 'start' : 'link', event.hash);
    }
    if (eventHash(event) !== event.hash) return this.fail(event, 'hash', event.hash);
    // In place: `point` is private and copied out by `current` (one object per event otherwise).
    p.checkedThroughId = event.id;
    p.lastHash = event.hash;
    if (!this.broken) p.verifiedThroughId = event.id;
    return null;
  }

  /** `next`: what the following event must link to (the broken event's claimed hash). */
  private fail(event: ChainedEvent, reason: BreakReason, next: string | null): ChainBreak {
    this.broken = true;
    this.point = {
      checkedThroughId: Math.max(this.point.checkedThroughId, event.id),
      lastHash: next,
      verifiedThroughId: this.point.verifiedThroughId,
      anchored: this.point.anchored,
    };
    return { id: event.id, timestamp: event.timestamp, reason };
  }
}
