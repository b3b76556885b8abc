// Typed arrays that double when full: a few bytes per element instead of a JS object each,
// which is what keeps the per-id cost of the ledger and the bitmaps small and predictable.

type TypedArray = Uint8Array | Int32Array | Uint32Array | Float64Array;

export function grow<T extends TypedArray>(array: T, minLength: number, make: (length: number) => T): T {
  if (array.length >= minLength) return array;
  let length = Math.max(array.length, 1024);
  while (length < minLength) length *= 2;
  const bigger = make(length);
  bigger.set(array);
  return bigger;
}

/** One bit per integer from a base upward (offsets of a partition, sequences of a client). */
export class Bitset {
  private bits = new Uint8Array(0);
  private readonly base: number;

  constructor(base = 0) {
    this.base = base;
  }

  add(value: number): void {
    const index = value - this.base;
    if (index < 0) return;
    const byte = index >>> 3;
    if (byte >= this.bits.length) this.bits = grow(this.bits, byte + 1, (n) => new Uint8Array(n));
    this.bits[byte] = (this.bits[byte] ?? 0) | (1 << (index & 7));
  }

  has(value: number): boolean {
    const index = value - this.base;
    if (index < 0) return false;
    const byte = this.bits[index >>> 3];
    return byte !== undefined && (byte & (1 << (index & 7))) !== 0;
  }

  get bytes(): number {
    return this.bits.length;
  }
}
