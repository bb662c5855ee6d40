/**
 * The server's notion of "now". Tests shift it forward (through the test-control endpoint) to
 * see a lockout expire or a refresh token age without waiting fifteen minutes or seven days.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

/** ISO 8601 in UTC with millisecond precision and a `Z`, as the full API sends every time. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The legacy platform's zoneless timestamps (Python's `datetime.isoformat()` of a naive UTC
 * value), e.g. `2026-11-27T13:09:19.123000`. Clients must read them as UTC.
 */
export function legacyTimestamp(iso: string | null): string | null {
  if (iso === null) return null;
  return iso.replace(/Z$/, '').replace(/\.(\d{3})$/, '.$1000');
}
