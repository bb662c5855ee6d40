/**
 * The copy's order key `k`, the rowid of its events and of its FTS index: time first, then id,
 * in one safe integer: `ts * 2^11 + (id mod 2^11)`, 42 bits of milliseconds (to the year 2109)
 * and 11 bits of id. Two events of one millisecond keep their id order unless their ids are
 * 2048 or more apart, which takes over two million events a second. A collision (a server that
 * stamps thousands of events with one time) steps to the next free key, so the copy never
 * stops: such events stay in the right millisecond, in an order that is stable but not by id.
 */
const TIE = 2 ** 11;
export const MAX_TS = 2 ** 42 - 1;

/** A time as the order key sees it: clamped into 0..2^42-1 ms. */
export function clampTs(ms: number): number {
  return Math.min(MAX_TS, Math.max(0, Math.floor(ms)));
}

export function orderKey(tsMs: number, id: number): number {
  return clampTs(tsMs) * TIE + (id % TIE);
}

/** The keys of every event in [fromMs, toMs], both ends included. */
export function keyRange(fromMs: number | null, toMs: number | null): { lo: number; hi: number } {
  return {
    lo: fromMs === null ? 0 : clampTs(fromMs) * TIE,
    hi: (toMs === null ? MAX_TS : clampTs(toMs)) * TIE + (TIE - 1),
  };
}
