// One send() waits for a delivery report of every record it produced. librdkafka batches
// records its own way (it may split one of ours or merge several), so where a batch landed is
// read from its first record's report: an idempotent producer keeps a partition's order, so
// the others follow it. Each record carries its send as the message opaque; the first of each
// batch carries a marker that also names the batch.
import type { KafkaError } from "../../kafka-error.ts";
import type { PartitionRecords, SentBatch } from "../../records.ts";

export class PendingSend {
  readonly done: Promise<SentBatch[]>;
  private readonly batches: readonly PartitionRecords[];
  private readonly baseOffsets: (bigint | undefined)[];
  private outstanding: number;
  private settled = false;
  private resolve: (sent: SentBatch[]) => void = () => {};
  private reject: (error: KafkaError) => void = () => {};

  constructor(batches: readonly PartitionRecords[]) {
    this.batches = batches;
    this.baseOffsets = batches.map(() => undefined);
    this.outstanding = batches.reduce((sum, batch) => sum + batch.records.length, 0);
    this.done = new Promise<SentBatch[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A report may fail the send while its records are still being queued (when the queue is
    // full, send() waits): until send() hands `done` back, this keeps that from counting as an
    // unhandled rejection. The caller still gets the rejection.
    this.done.catch(() => undefined);
  }

  /** Whether the send has its outcome already (a failure, when records are still to be queued). */
  get finished(): boolean {
    return this.settled;
  }

  /** A record was delivered (at `offset` when it is the first of batch `batch`). */
  delivered(batch: number | undefined, offset: number): void {
    if (batch !== undefined) this.baseOffsets[batch] = BigInt(offset);
    this.outstanding -= 1;
    if (this.outstanding === 0 && !this.settled) {
      this.settled = true;
      this.resolve(
        this.batches.map((sent, index) => ({
          topic: sent.topic,
          partition: sent.partition,
          baseOffset: this.baseOffsets[index] ?? -1n,
          count: sent.records.length,
        })),
      );
    }
  }

  /** The send failed before all its records were queued (the caller was told): reports are ignored. */
  abandon(): void {
    this.settled = true;
  }

  /** The send failed: at the first failure, whatever the records still in flight do. */
  fail(error: KafkaError): void {
    this.outstanding -= 1;
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

/** The opaque of the first record of a batch. */
export class FirstRecord {
  readonly send: PendingSend;
  readonly batch: number;

  constructor(send: PendingSend, batch: number) {
    this.send = send;
    this.batch = batch;
  }
}

/** A delivery report's opaque, back from the binding: which send (and batch) it was for. */
export function deliveryTarget(
  opaque: unknown,
): { send: PendingSend; batch: number | undefined } | undefined {
  if (opaque instanceof FirstRecord) return { send: opaque.send, batch: opaque.batch };
  if (opaque instanceof PendingSend) return { send: opaque, batch: undefined };
  return undefined;
}
