/**
 * Records per second from acknowledgement events, free of the window's edge
 * effects: with 1,000 ms transactions, a 10 s window would count 9 or 10
 * transactions depending on luck (±10%). Events close together (within
 * `burstGapMs`) are one burst, the acknowledgements of one commit; the rate is
 * what the bursts after the first delivered, over the time from the first
 * burst to the last.
 */
export class RateMeter {
  private readonly bursts: { start: number; last: number; count: number }[] = [];
  private readonly burstGapMs: number;

  constructor(burstGapMs = 2) {
    this.burstGapMs = burstGapMs;
  }

  add(time: number, count: number): void {
    const last = this.bursts.at(-1);
    if (last && time - last.last < this.burstGapMs) {
      last.last = time;
      last.count += count;
    } else {
      this.bursts.push({ start: time, last: time, count });
    }
  }

  get total(): number {
    return this.bursts.reduce((sum, burst) => sum + burst.count, 0);
  }

  get burstCount(): number {
    return this.bursts.length;
  }

  /** Per second; falls back to everything over `fallbackSeconds` with fewer than 3 bursts. */
  perSecond(fallbackSeconds: number): number {
    const first = this.bursts[0];
    const last = this.bursts.at(-1);
    if (!first || !last || this.bursts.length < 3) return this.total / fallbackSeconds;
    const afterFirst = this.total - first.count;
    return afterFirst / ((last.start - first.start) / 1000);
  }
}
