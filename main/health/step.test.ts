import { describe, expect, it } from 'vitest';
import { planRange, PROMETHEUS_MAX_POINTS } from './step';

const NOW = Date.UTC(2026, 10, 27, 14, 3, 17, 421);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('planRange', () => {
  it('7 days at 1000 px asks for at most 1000 points per series', () => {
    const plan = planRange(NOW - 7 * DAY, NOW, 1000);
    expect(plan.maxPoints).toBeLessThanOrEqual(1000);
    expect(plan.stepSeconds * 1000).toBeGreaterThanOrEqual(7 * 24 * 3600);
    // Not wastefully coarse either: within one step of the width.
    expect(plan.maxPoints).toBeGreaterThanOrEqual(998);
  });

  it('never asks for more points than the width, for any range and width', () => {
    for (const span of [5 * MINUTE, 17 * MINUTE + 3, 3 * 3600_000, DAY, 7 * DAY, 30 * DAY + 999, 400 * DAY]) {
      for (const width of [10, 99, 640, 1000, 1920, 8000]) {
        for (const end of [NOW, NOW + 1, NOW + 59_999]) {
          const plan = planRange(end - span, end, width);
          const evaluations = Math.floor((plan.endSeconds - plan.startSeconds) / plan.stepSeconds) + 1;
          expect(evaluations, `${span} ms at ${width} px`).toBe(plan.maxPoints);
          expect(plan.maxPoints).toBeLessThanOrEqual(width);
          expect((plan.endSeconds - plan.startSeconds) / plan.stepSeconds).toBeLessThanOrEqual(
            PROMETHEUS_MAX_POINTS,
          );
          // The instants lie within the range asked for, and cover all but less than one step of it.
          expect(plan.startSeconds * 1000).toBeGreaterThanOrEqual(end - span);
          expect(plan.startSeconds * 1000).toBeLessThan(end - span + plan.stepSeconds * 1000);
          expect(plan.endSeconds * 1000).toBe(end);
        }
      }
    }
  });

  it('steps at least 1 s, and whole seconds', () => {
    const plan = planRange(NOW - MINUTE, NOW, 8000);
    expect(plan.stepSeconds).toBe(1);
    expect(plan.maxPoints).toBeLessThanOrEqual(61);
    expect(Number.isInteger(planRange(NOW - 7 * DAY, NOW, 1234).stepSeconds)).toBe(true);
  });

  it('ends on the end, so a live chart draws the newest data, and keeps its step as it moves', () => {
    const first = planRange(NOW - 7 * DAY, NOW, 500);
    expect(first.endSeconds).toBe(NOW / 1000);
    expect((first.endSeconds - first.startSeconds) / first.stepSeconds).toBe(first.maxPoints - 1);
    const later = planRange(NOW + 5000 - 7 * DAY, NOW + 5000, 500);
    expect(later.stepSeconds).toBe(first.stepSeconds);
  });

  it('refuses an empty range', () => {
    expect(() => planRange(NOW, NOW, 100)).toThrow(RangeError);
  });
});
