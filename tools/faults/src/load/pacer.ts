import { setTimeout as sleep } from "node:timers/promises";

/**
 * Spreads a client's publishes over the run: the n-th may not start before n / rate seconds.
 * Paced clients finish at about the same time, so a fault "at 20%" hits every kind of
 * client while it is busy (the stream alone would otherwise be done long before).
 */
export class Pacer {
  private readonly started = Date.now();
  private count = 0;
  private readonly perSecond: number | undefined;

  constructor(perSecond: number | undefined) {
    this.perSecond = perSecond !== undefined && perSecond > 0 ? perSecond : undefined;
  }

  async next(): Promise<void> {
    if (this.perSecond === undefined) return;
    const due = this.started + (this.count++ / this.perSecond) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
  }
}
