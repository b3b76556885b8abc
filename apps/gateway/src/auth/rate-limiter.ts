import { OnceportError } from "@onceport/errors";
import { RecentMap } from "../util/recent-map.ts";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per principal: `ratePerSecond` requests a second on average,
 * bursts of up to `burst`. Buckets of principals not seen lately are forgotten
 * (a forgotten bucket was full anyway), so memory stays bounded.
 */
export class RateLimiter {
  private readonly buckets = new RecentMap<string, Bucket>(100_000);

  private readonly ratePerSecond: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(ratePerSecond: number, burst: number, now: () => number = Date.now) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.now = now;
  }

  /** Takes one request's token, or throws RATE_LIMITED. A rate of 0 means no limit. */
  take(principal: string): void {
    if (this.ratePerSecond === 0) return;
    const now = this.now();
    const bucket = this.buckets.get(principal) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.ratePerSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(principal, bucket);
    if (bucket.tokens < 1) {
      const waitMs = Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000);
      throw new OnceportError(
        "RATE_LIMITED",
        `principal ${principal} exceeds ${this.ratePerSecond} requests/s (bursts of ${this.burst}); retry in ${waitMs} ms`,
      );
    }
    bucket.tokens -= 1;
  }
}
