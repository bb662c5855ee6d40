/**
 * Fixed one-minute windows per client address. Simple and predictable, which is what tests of a
 * client's 429 handling need; `Retry-After` says when the client's window ends.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private perMinute: number | null,
    private readonly now: () => number,
  ) {}

  get limit(): number | null {
    return this.perMinute;
  }

  setLimit(perMinute: number | null): void {
    this.perMinute = perMinute;
    this.windows.clear();
  }

  /** Counts one request; answers how long to wait when over the limit. */
  take(client: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute === null) return { ok: true };
    const now = this.now();
    let window = this.windows.get(client);
    if (window === undefined || now - window.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= this.perMinute) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000)) };
  }
}
