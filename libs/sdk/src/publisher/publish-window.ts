/**
 * The publisher's window: how many publishes (and records) may be sent and
 * not yet acknowledged. Room is reserved when granted, first come first
 * served, and given back on acknowledgement. A publish larger than the whole
 * record window still goes when it is alone, so nothing waits forever.
 */
export class PublishWindow {
  private publishes = 0;
  private records = 0;
  private readonly waiters: { readonly records: number; readonly grant: () => void }[] = [];
  private readonly maxPublishes: number;
  private readonly maxRecords: number;

  constructor(maxPublishes: number, maxRecords: number) {
    if (!(maxPublishes >= 1) || !(maxRecords >= 1))
      throw new RangeError("publisher windows must be at least 1");
    this.maxPublishes = maxPublishes;
    this.maxRecords = maxRecords;
  }

  get inFlightPublishes(): number {
    return this.publishes;
  }

  get inFlightRecords(): number {
    return this.records;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves once room for a publish of `records` records is reserved. */
  reserve(records: number): Promise<void> {
    if (this.waiters.length === 0 && this.fits(records)) {
      this.take(records);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ records, grant: resolve }));
  }

  /** Gives back the room of an acknowledged (or failed) publish. */
  release(records: number): void {
    this.publishes--;
    this.records -= records;
    for (let next = this.waiters[0]; next && this.fits(next.records); next = this.waiters[0]) {
      this.waiters.shift();
      this.take(next.records);
      next.grant();
    }
  }

  private fits(records: number): boolean {
    if (this.publishes === 0) return true;
    return this.publishes < this.maxPublishes && this.records + records <= this.maxRecords;
  }

  private take(records: number): void {
    this.publishes++;
    this.records += records;
  }
}
