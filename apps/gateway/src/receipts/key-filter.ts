import { createHash } from "node:crypto";

/** Keys one filter is sized for; a full filter is followed by a new one. */
const keysPerFilter = 4_096;
/** Bits per key and probes for a false positive rate of about 0.1%. */
const bitsPerKey = 14.4;
const probes = 10;
const filterWords = Math.ceil((keysPerFilter * bitsPerKey) / 32);
const filterBits = filterWords * 32;

/** Where in the client's receipts partition a filter's keys were committed. */
export interface OffsetRange {
  readonly fromOffset: bigint;
  /** The last receipt's offset (inclusive). */
  readonly toOffset: bigint;
}

interface Filter {
  readonly bits: Uint32Array;
  keys: number;
  fromOffset: bigint;
  toOffset: bigint;
}

/**
 * The idempotency keys of a client that no longer fit in memory: Bloom filters answering
 * "certainly never committed" or "perhaps committed, between these offsets". Keys arrive in
 * commit order (the oldest are evicted first), so each filter of 4,096 keys covers a stretch of
 * the client's receipts partition, and a "perhaps" is settled by reading that stretch alone.
 * A false positive (about 1 in 1,000 per filter) costs that read, never correctness.
 *
 * Written here rather than taken from npm: it is a few dozen lines over the SHA-256 the
 * gateway already uses, where the packages found pull in their own hash functions and half a
 * dozen dependencies, and none keeps an offset range per filter. Bounded: after `maxFilters`
 * the last filter takes every further key, so memory stays fixed and only its false positive
 * rate and its range grow.
 */
export class KeyFilter {
  private readonly filters: Filter[] = [];
  private readonly maxFilters: number;

  constructor(maxFilters: number) {
    this.maxFilters = Math.max(1, maxFilters);
  }

  /** Bytes the filters take. */
  get bytes(): number {
    return this.filters.length * (filterWords * 4 + 64);
  }

  /** Adds a key whose receipt is at `offset` (keys come in commit order). */
  add(key: string, offset: bigint): void {
    let last = this.filters.at(-1);
    if (!last || (last.keys >= keysPerFilter && this.filters.length < this.maxFilters)) {
      last = { bits: new Uint32Array(filterWords), keys: 0, fromOffset: offset, toOffset: offset };
      this.filters.push(last);
    }
    for (const bit of bitsOf(key)) last.bits[bit >>> 5] = (last.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    last.keys++;
    if (offset < last.fromOffset) last.fromOffset = offset;
    if (offset > last.toOffset) last.toOffset = offset;
  }

  /** The stretches of the partition that may hold the key's receipt, newest first; none when it certainly was never added. */
  rangesOf(key: string): OffsetRange[] {
    if (this.filters.length === 0) return [];
    const bits = bitsOf(key);
    const ranges: OffsetRange[] = [];
    for (let i = this.filters.length - 1; i >= 0; i--) {
      const filter = this.filters[i];
      if (filter && bits.every((bit) => ((filter.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0)) {
        ranges.push({ fromOffset: filter.fromOffset, toOffset: filter.toOffset });
      }
    }
    return ranges;
  }
}

/** The filter positions of a key: double hashing over two 32-bit words of its SHA-256. */
function bitsOf(key: string): number[] {
  const digest = createHash("sha256").update(key).digest();
  const first = digest.readUInt32LE(0);
  const step = digest.readUInt32LE(4) | 1;
  const bits: number[] = [];
  for (let i = 0; i < probes; i++) bits.push(((first + Math.imul(i, step)) >>> 0) % filterBits);
  return bits;
}
