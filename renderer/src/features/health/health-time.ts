/** Time ranges of the Health area and the words for times on its charts. */

export const RANGE_PRESETS = [
  { id: '5m', label: '5m', words: 'Last 5 minutes', ms: 5 * 60_000 },
  { id: '15m', label: '15m', words: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: '1h', words: 'Last hour', ms: 3600_000 },
  { id: '6h', label: '6h', words: 'Last 6 hours', ms: 6 * 3600_000 },
  { id: '24h', label: '24h', words: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: '7d', words: 'Last 7 days', ms: 7 * 24 * 3600_000 },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

/** A sliding window ending now, or fixed times (unix ms). */
export type TimeRange =
  { kind: 'preset'; preset: RangePresetId } | { kind: 'custom'; start: number; end: number };

/** The longest range main accepts (shared/domain/health.ts). */
export const MAX_RANGE_MS = 400 * 24 * 3600_000;

export const REFRESH_CHOICES = [
  { id: 'off', label: 'Off', ms: null },
  { id: '5s', label: '5 s', ms: 5_000 },
  { id: '10s', label: '10 s', ms: 10_000 },
  { id: '30s', label: '30 s', ms: 30_000 },
  { id: '1m', label: '1 min', ms: 60_000 },
  { id: '5m', label: '5 min', ms: 300_000 },
] as const;
export type RefreshId = (typeof REFRESH_CHOICES)[number]['id'];

export function refreshMs(id: RefreshId): number | null {
  return REFRESH_CHOICES.find((choice) => choice.id === id)?.ms ?? null;
}

export function isRefreshId(value: string): value is RefreshId {
  return REFRESH_CHOICES.some((choice) => choice.id === value);
}

function presetMs(id: RangePresetId): number {
  return RANGE_PRESETS.find((preset) => preset.id === id)?.ms ?? 3600_000;
}

/** The range's start and end at `now` (a preset slides with the clock). */
export function resolveRange(range: TimeRange, now: number = Date.now()): { start: number; end: number } {
  if (range.kind === 'custom') return { start: range.start, end: range.end };
  return { start: now - presetMs(range.preset), end: now };
}

/**
 * The part of a query key that names the range: a preset by its id (so a refresh of the same
 * preset keeps its key and slides the window), a custom range by its times.
 */
export function rangeKey(range: TimeRange): { preset: RangePresetId } | { start: number; end: number } {
  return range.kind === 'preset' ? { preset: range.preset } : { start: range.start, end: range.end };
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return JSON.stringify(rangeKey(a)) === JSON.stringify(rangeKey(b));
}

/** "Last hour", or "3 May 14:00 – 3 May 16:00". */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'preset') return RANGE_PRESETS.find((p) => p.id === range.preset)?.words ?? '';
  const format = (ms: number): string =>
    new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `${format(range.start)} – ${format(range.end)}`;
}

/** A tick of the time axis: "14:05" within a day, "3 May 14:00" across days. */
export function formatAxisTime(ms: number, spanMs: number): string {
  const date = new Date(ms);
  if (spanMs <= 24 * 3600_000) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Distances between time-axis ticks, smallest first: each a round span of a clock or calendar. */
const TICK_STEPS_MS = [
  MINUTE_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  7 * DAY_MS,
];

/**
 * The ticks of a time axis from `start` to `end`: at most `maxTicks` (2 or more), on round local times
 * ("14:05", "15:00", midnight). Given to the chart explicitly because recharts would otherwise
 * offer every point's time as a tick and measure each label: with a week of raw points, that
 * alone takes minutes.
 */
export function timeAxisTicks(start: number, end: number, maxTicks: number): number[] {
  if (!(end > start)) return [];
  const span = end - start;
  // A span of n steps holds up to n + 1 ticks (both ends on a tick).
  const steps = Math.max(1, Math.floor(maxTicks) - 1);
  let step = TICK_STEPS_MS.find((candidate) => span / candidate <= steps);
  // Beyond 7-day steps: whole weeks.
  step ??= 7 * DAY_MS * Math.ceil(span / steps / (7 * DAY_MS));
  const ticks: number[] = [];
  const midnight = new Date(start);
  midnight.setHours(0, 0, 0, 0);
  if (step < DAY_MS) {
    // Counted from the local midnight before the start, so that ticks fall on round clock times.
    const origin = midnight.getTime();
    for (let t = origin + Math.ceil((start - origin) / step) * step; t <= end; t += step) ticks.push(t);
    return ticks;
  }
  // Whole days are stepped in the calendar, so that a daylight-saving change keeps them on midnight.
  const days = Math.round(step / DAY_MS);
  const day = midnight;
  if (day.getTime() < start) day.setDate(day.getDate() + 1);
  for (; day.getTime() <= end; day.setDate(day.getDate() + days)) ticks.push(day.getTime());
  return ticks;
}

/** A point's time in a tooltip: date and time to the second. */
export function formatPointTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** How long ago: "just now", "4 min ago", "3 h ago", "2 d ago". */
export function formatAgo(moment: Date, now: Date = new Date()): string {
  const seconds = Math.round((now.getTime() - moment.getTime()) / 1000);
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** The value of an `<input type="datetime-local">` for a moment, in local time. */
export function toLocalInputValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Reads an `<input type="datetime-local">` value (local time); null when empty or invalid. */
export function fromLocalInputValue(value: string): number | null {
  if (value.trim() === '') return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
