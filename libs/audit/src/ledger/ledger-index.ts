// The ledger in memory, compactly: a Map from message id to a slot number, and the slot's
// facts in typed arrays (about 50 bytes a slot plus the Map entry and the id string; the
// bench measures the total per id). The audit's per-id marks (seen, where first) live here
// too, so ids the ledger knows cost nothing more while reading.
import { Bitset, grow } from "../state/growable.ts";
import type { LedgerEntry, Outcome } from "./ledger-entry.ts";
import { outcomeAfter } from "./outcome-after.ts";

const outcomeCodes: Record<Outcome, number> = { acknowledged: 0, unknown: 1, failed: 2 };
const outcomeNames: readonly Outcome[] = ["acknowledged", "unknown", "failed"];

export class LedgerIndex {
  private readonly slots = new Map<string, number>();
  private readonly topics: string[] = [];
  private readonly topicIds = new Map<string, number>();
  private readonly clients: string[] = [];
  private readonly clientIds = new Map<string, number>();
  private outcome = new Uint8Array(0);
  private topic = new Uint32Array(0);
  private client = new Uint32Array(0);
  private partition = new Int32Array(0);
  private offset = new Float64Array(0);
  private sequence = new Float64Array(0);
  /** How often the read_committed reader delivered the id (capped at 255). */
  private seen = new Uint8Array(0);
  private firstPartition = new Int32Array(0);
  private firstOffset = new Float64Array(0);
  /** Set when the id was found in a record that only read_uncommitted delivered (aborted). */
  private aborted = new Uint8Array(0);
  /** For explaining sequence gaps: which sequences the ledger knows, per client, topic and partition. */
  private readonly sequences = new Map<string, Bitset>();

  get size(): number {
    return this.slots.size;
  }

  add(entry: LedgerEntry): void {
    const existing = this.slots.get(entry.messageId);
    const slot = existing ?? this.slots.size;
    if (existing === undefined) {
      this.slots.set(entry.messageId, slot);
      this.ensure(slot + 1);
      this.partition[slot] = -1;
      this.offset[slot] = Number.NaN;
      this.sequence[slot] = Number.NaN;
      this.firstPartition[slot] = -1;
      this.outcome[slot] = outcomeCodes[entry.outcome];
    } else {
      // Lines of one id come in the order its writer wrote them (see outcomeAfter).
      this.outcome[slot] = outcomeCodes[outcomeAfter(this.outcomeOf(slot), entry.outcome)];
    }
    this.topic[slot] = intern(entry.topic, this.topics, this.topicIds);
    this.client[slot] = intern(entry.clientId, this.clients, this.clientIds);
    if (entry.partition !== undefined && (existing === undefined || entry.outcome === "acknowledged")) {
      this.partition[slot] = entry.partition;
      this.offset[slot] = entry.offset === undefined ? Number.NaN : Number(entry.offset);
    }
    if (entry.sequence !== undefined) {
      this.sequence[slot] = entry.sequence;
      if (entry.partition !== undefined) {
        const key = sequenceKey(entry.clientId, entry.topic, entry.partition);
        let known = this.sequences.get(key);
        if (known === undefined) {
          known = new Bitset();
          this.sequences.set(key, known);
        }
        known.add(entry.sequence);
      }
    }
  }

  slotOf(messageId: string): number | undefined {
    return this.slots.get(messageId);
  }

  outcomeOf(slot: number): Outcome {
    return outcomeNames[this.outcome[slot] ?? 0] ?? "acknowledged";
  }

  clientOf(slot: number): string {
    return this.clients[this.client[slot] ?? 0] ?? "";
  }

  topicOf(slot: number): string {
    return this.topics[this.topic[slot] ?? 0] ?? "";
  }

  /** -1 when the ledger does not say. */
  partitionOf(slot: number): number {
    return this.partition[slot] ?? -1;
  }

  /** NaN when the ledger does not say. */
  offsetOf(slot: number): number {
    return this.offset[slot] ?? Number.NaN;
  }

  /** NaN when the ledger does not say. */
  sequenceOf(slot: number): number {
    return this.sequence[slot] ?? Number.NaN;
  }

  /** Forgets what an earlier audit read, so that one ledger can judge audit after audit. */
  forgetReads(): void {
    this.seen.fill(0);
    this.firstPartition.fill(-1);
    this.firstOffset.fill(Number.NaN);
    this.aborted.fill(0);
  }

  /** Records a read_committed delivery; returns how often the id was delivered before. */
  markSeen(slot: number, partition: number, offset: number): number {
    const before = this.seen[slot] ?? 0;
    if (before === 0) {
      this.firstPartition[slot] = partition;
      this.firstOffset[slot] = offset;
    }
    if (before < 255) this.seen[slot] = before + 1;
    return before;
  }

  seenCount(slot: number): number {
    return this.seen[slot] ?? 0;
  }

  firstSeen(slot: number): { partition: number; offset: number } {
    return { partition: this.firstPartition[slot] ?? -1, offset: this.firstOffset[slot] ?? Number.NaN };
  }

  markAborted(slot: number): void {
    this.aborted[slot] = 1;
  }

  wasAborted(slot: number): boolean {
    return this.aborted[slot] === 1;
  }

  /** Whether the ledger has any entry for this client's sequence number in that partition. */
  knowsSequence(clientId: string, topic: string, partition: number, sequence: number): boolean {
    return this.sequences.get(sequenceKey(clientId, topic, partition))?.has(sequence) ?? false;
  }

  /** Every slot with its id, for the end-of-audit pass over acknowledged entries. */
  *entries(): IterableIterator<[string, number]> {
    yield* this.slots.entries();
  }

  private ensure(length: number): void {
    this.outcome = grow(this.outcome, length, (n) => new Uint8Array(n));
    this.topic = grow(this.topic, length, (n) => new Uint32Array(n));
    this.client = grow(this.client, length, (n) => new Uint32Array(n));
    this.partition = grow(this.partition, length, (n) => new Int32Array(n));
    this.offset = grow(this.offset, length, (n) => new Float64Array(n));
    this.sequence = grow(this.sequence, length, (n) => new Float64Array(n));
    this.seen = grow(this.seen, length, (n) => new Uint8Array(n));
    this.firstPartition = grow(this.firstPartition, length, (n) => new Int32Array(n));
    this.firstOffset = grow(this.firstOffset, length, (n) => new Float64Array(n));
    this.aborted = grow(this.aborted, length, (n) => new Uint8Array(n));
  }
}

function sequenceKey(clientId: string, topic: string, partition: number): string {
  return `${clientId}\u0000${topic}\u0000${partition}`;
}

function intern(value: string, values: string[], ids: Map<string, number>): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = values.length;
    values.push(value);
    ids.set(value, id);
  }
  return id;
}
