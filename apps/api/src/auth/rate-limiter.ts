import { createHash } from 'node:crypto';

// Requests per token per minute, in fixed one-minute windows, in this process. The key is a hash of the token,
// so no token is kept in memory longer than its window. Entries of past windows are dropped as it goes.
export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  // Undefined when the request may go ahead; otherwise the seconds until the token's next window.
  take(token: string): number | undefined {
    if (this.perMinute <= 0) return undefined;
    const now = this.now();
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const key = createHash('sha256').update(token).digest('base64url').slice(0, 22);
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.perMinute) return undefined;
    return Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
  }
}
