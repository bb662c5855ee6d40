/** Ends in a zone: `Z`, `+02:00`, `-0500`. */
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch of an ISO 8601 time; a zoneless time is UTC (platform-api.md §0,
 * the legacy platform's `2026-11-27T13:09:19.123000`). Null when it is not an ISO time.
 */
export function timestampMs(text: string): number | null {
  // The full API's own form (`2026-11-27T13:09:19.123Z`): Date.parse reads it exactly.
  if (text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  if (!ISO_DATE_TIME.test(text)) return null;
  let iso = text.replace(' ', 'T');
  // Date.parse reads at most milliseconds reliably: cut longer fractions (microseconds).
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  if (!ZONED.test(iso)) iso = `${iso}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** The canonical form the console shows and compares: `2026-11-27T13:09:19.123Z`. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
