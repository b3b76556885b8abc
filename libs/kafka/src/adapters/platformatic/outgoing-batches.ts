// The caller's batches as @platformatic/kafka messages, in produce requests small enough for
// the broker, and the SentBatches read back from where each request's batches landed.
import type { MessageToProduce } from "@platformatic/kafka";
import { KafkaError } from "../../kafka-error.ts";
import { splitByBatchBytes } from "../../record-size.ts";
import type { OutgoingRecord, PartitionRecords, SentBatch, TopicPartition } from "../../records.ts";
import { partitionKey } from "../../records.ts";

/**
 * One header occurrence. @platformatic/kafka takes headers as a Map and writes each entry:
 * keyed by a fresh object per occurrence (serialised to its name by `headerKeyBytes`), a
 * repeated name stays two entries, and no name is ever an object key.
 */
export interface HeaderSlot {
  readonly key: string;
}

export type PlatformaticMessage = MessageToProduce<Buffer, Buffer, HeaderSlot, Buffer | null>;

export function headerKeyBytes(slot?: HeaderSlot): Buffer | undefined {
  return slot === undefined ? undefined : Buffer.from(slot.key, "utf8");
}

/** A header without a value is written as null (length -1), which `undefined` means to the client. */
export function headerValueBytes(value?: Buffer | null): Buffer | undefined {
  return value ?? undefined;
}

function toMessage(topic: string, partition: number, record: OutgoingRecord): PlatformaticMessage {
  const headers = new Map<HeaderSlot, Buffer | null>();
  for (const header of record.headers) headers.set({ key: header.key }, header.value);
  const message: PlatformaticMessage = { topic, partition, headers };
  // A null key or value is written as null (length -1) when left undefined.
  if (record.key !== null) message.key = record.key;
  if (record.value !== null) message.value = record.value;
  if (record.timestamp !== undefined) message.timestamp = BigInt(Math.trunc(record.timestamp));
  return message;
}

/** A run of one given batch's records that goes out as one record batch. */
interface Piece {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly OutgoingRecord[];
  /** The produce request that carries it. */
  readonly round: number;
  baseOffset?: bigint;
}

/**
 * The produce requests of one send and the SentBatches they add up to. The client writes all
 * of a request's records for one partition as one record batch, and the broker refuses a
 * batch above its max.message.bytes (however often retried), so each given batch is split by
 * maxBatchBytes, and the runs for one partition (of one batch split, or of several batches
 * naming it) go in successive requests: each run is then a record batch of its own, whose
 * base offset the broker answers. Requests are sent one after the other, so a partition's
 * records keep their order.
 */
export class SendPlan {
  private readonly pieces: Piece[] = [];
  readonly rounds: number;

  constructor(batches: readonly PartitionRecords[], maxBatchBytes: number) {
    const nextRound = new Map<string, number>();
    for (const { topic, partition, records } of batches) {
      for (const run of splitByBatchBytes(records, maxBatchBytes)) {
        const key = partitionKey(topic, partition);
        const round = nextRound.get(key) ?? 0;
        nextRound.set(key, round + 1);
        this.pieces.push({ topic, partition, records: run, round });
      }
    }
    this.rounds = Math.max(0, ...nextRound.values());
  }

  /** The topics written, each once. */
  topics(): string[] {
    return [...new Set(this.pieces.map((piece) => piece.topic))];
  }

  partitions(): TopicPartition[] {
    const seen = new Map(
      this.pieces.map(({ topic, partition }) => [partitionKey(topic, partition), { topic, partition }]),
    );
    return [...seen.values()];
  }

  /** The messages of request `round`. */
  messages(round: number): PlatformaticMessage[] {
    return this.pieces
      .filter((piece) => piece.round === round)
      .flatMap((piece) => piece.records.map((record) => toMessage(piece.topic, piece.partition, record)));
  }

  /** Takes request `round`'s answer: the base offset of each partition's record batch. */
  landed(round: number, offsets: readonly { topic: string; partition: number; offset: bigint }[]): void {
    for (const piece of this.pieces) {
      if (piece.round !== round) continue;
      const answer = offsets.find((o) => o.topic === piece.topic && o.partition === piece.partition);
      if (answer !== undefined) piece.baseOffset = answer.offset;
    }
  }

  /** Where the runs landed, in the order given. */
  sentBatches(): SentBatch[] {
    return this.pieces.map(({ topic, partition, records, baseOffset }) => {
      if (baseOffset === undefined) {
        throw new KafkaError("unknown", `send: Kafka's answer names no offset for ${topic}/${partition}`);
      }
      return { topic, partition, baseOffset, count: records.length };
    });
  }
}
