// The ids seen in one topic that the ledger does not know, for duplicate detection: at most
// `capacity` of them, the oldest forgotten first. A Map keeps insertion order, so the oldest
// is its first key; the first location of each id sits in typed arrays used as a ring.
import { grow } from "./growable.ts";

export interface SeenAt {
  readonly partition: number;
  readonly offset: number;
}

export class IdWindow {
  private readonly slots = new Map<string, number>();
  private partitions = new Int32Array(0);
  private offsets = new Float64Array(0);
  private next = 0;
  private evictedCount = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError("the id window needs a capacity of at least 1");
    this.capacity = capacity;
  }

  /** Records the id; returns where it was first seen when it was seen before (still in the window). */
  see(id: string, partition: number, offset: number): SeenAt | undefined {
    const slot = this.slots.get(id);
    if (slot !== undefined)
      return { partition: this.partitions[slot] ?? -1, offset: this.offsets[slot] ?? 0 };
    if (this.slots.size >= this.capacity) {
      const oldest = this.slots.keys().next();
      if (!oldest.done) this.slots.delete(oldest.value);
      this.evictedCount += 1;
    }
    const ring = this.next % this.capacity;
    this.next += 1;
    this.partitions = grow(this.partitions, ring + 1, (n) => new Int32Array(Math.min(n, this.capacity)));
    this.offsets = grow(this.offsets, ring + 1, (n) => new Float64Array(Math.min(n, this.capacity)));
    this.partitions[ring] = partition;
    this.offsets[ring] = offset;
    this.slots.set(id, ring);
    return undefined;
  }

  get held(): number {
    return this.slots.size;
  }

  get evicted(): number {
    return this.evictedCount;
  }
}
