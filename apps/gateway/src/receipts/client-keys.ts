import type { RecordResult } from "@onceport/api";
import { KeyFilter, type OffsetRange } from "./key-filter.ts";

/** A key the client committed, and what it answers. */
export interface CommittedKey {
  readonly results: readonly RecordResult[];
  /** The request's fingerprint; empty for receipts written before fingerprints were kept. */
  readonly fingerprint: Uint8Array;
  readonly committedAtMs: number;
  /** The offset of its receipt in the client's receipts partition. */
  readonly receiptOffset: bigint;
}

/** What memory knows of a key: committed (with its answer), never committed, or perhaps. */
export type KeyCheck =
  | { readonly kind: "committed"; readonly key: CommittedKey }
  | { readonly kind: "new" }
  /** Evicted for room once: only the client's receipts in Kafka, in these stretches, can tell. */
  | { readonly kind: "perhaps"; readonly ranges: readonly OffsetRange[] };

/**
 * Estimated bytes of a key held in memory: the map entry and key string, the entry object and
 * fingerprint, and per record its result object with topic and message id. An estimate, for
 * the budget and the gauges; the benchmark's RSS figures check it (docs/benchmarks.md).
 */
export function heldKeyBytes(idempotencyKey: string, results: readonly RecordResult[]): number {
  let bytes = 160 + 2 * idempotencyKey.length;
  for (const result of results) bytes += 120 + 2 * (result.topic.length + result.messageId.length);
  return bytes;
}

export interface ClientKeysLimits {
  /** How long a key is remembered: the receipts topic's retention. */
  readonly windowMs: number;
  /** The most the keys of one client may hold in memory with their answers. */
  readonly maxBytes: number;
  /** How many key filters (about 7 KiB and 4,096 keys each) one client's evicted keys may fill. */
  readonly maxFilters: number;
}

/**
 * The idempotency keys of one client that this gateway serves: the most recent ones with
 * their answers, within a byte budget, and those evicted for room in a KeyFilter. Keys older
 * than the window are forgotten, as the receipts topic forgets them.
 */
export class ClientKeys {
  /** Insertion order is commit order: the oldest key comes first. */
  private readonly recent = new Map<string, CommittedKey>();
  private evicted: KeyFilter | undefined;
  private recentBytes = 0;
  private readonly limits: ClientKeysLimits;

  constructor(limits: ClientKeysLimits) {
    this.limits = limits;
  }

  /** Keys held with their answers. */
  get keyCount(): number {
    return this.recent.size;
  }

  /** Estimated bytes held: the keys with their answers and the filter of those evicted. */
  get bytes(): number {
    return this.recentBytes + (this.evicted?.bytes ?? 0);
  }

  check(idempotencyKey: string): KeyCheck {
    const key = this.recent.get(idempotencyKey);
    if (key) return { kind: "committed", key };
    const ranges = this.evicted?.rangesOf(idempotencyKey) ?? [];
    return ranges.length > 0 ? { kind: "perhaps", ranges } : { kind: "new" };
  }

  add(idempotencyKey: string, key: CommittedKey, now = Date.now()): void {
    if (key.committedAtMs < now - this.limits.windowMs) return;
    const before = this.recent.get(idempotencyKey);
    if (before) {
      // A key commits once; reading a receipt twice (a reader restarted) changes nothing.
      return;
    }
    this.recent.set(idempotencyKey, key);
    this.recentBytes += heldKeyBytes(idempotencyKey, key.results);
    while (this.recentBytes > this.limits.maxBytes && this.recent.size > 1) this.evictOldest();
  }

  /** Forgets keys older than the window; the count forgotten. */
  evictExpired(now = Date.now()): number {
    const oldestKept = now - this.limits.windowMs;
    let evicted = 0;
    for (const [idempotencyKey, key] of this.recent) {
      if (key.committedAtMs >= oldestKept) break;
      this.recent.delete(idempotencyKey);
      this.recentBytes -= heldKeyBytes(idempotencyKey, key.results);
      evicted++;
    }
    return evicted;
  }

  private evictOldest(): void {
    const oldest = this.recent.entries().next();
    if (oldest.done) return;
    const [idempotencyKey, key] = oldest.value;
    this.recent.delete(idempotencyKey);
    this.recentBytes -= heldKeyBytes(idempotencyKey, key.results);
    this.evicted ??= new KeyFilter(this.limits.maxFilters);
    this.evicted.add(idempotencyKey, key.receiptOffset);
  }
}
