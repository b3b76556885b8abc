import type { PartitionOffset, PartitionRecords, SentBatch } from "./records.ts";

export interface TransactionalProducerOptions {
  readonly transactionalId: string;
  /** Kafka's transaction timeout: the coordinator aborts a transaction open longer. */
  readonly transactionTimeoutMs: number;
  /**
   * The largest record batch sent to a partition: below the broker's `message.max.bytes`
   * (defaultMaxBatchBytes unless told). Larger sends go as several batches.
   */
  readonly maxBatchBytes?: number;
}

/**
 * The consumer group whose offsets a transaction commits. With a generation and member id
 * (KIP-447) the group coordinator refuses the offsets of a worker that lost its partitions;
 * a client that cannot send them sends the group id alone.
 */
export interface ConsumerGroupMetadata {
  readonly groupId: string;
  readonly generationId?: number;
  readonly memberId?: string;
  readonly groupInstanceId?: string;
}

/**
 * One transactional.id's producer. Its rules: `init()` (InitProducerId) fences every earlier
 * producer of the id and settles the transaction such a producer left open; one transaction
 * at a time; after a `fenced` error it is dead; after an ambiguous commit or a failed abort it
 * must be closed and replaced, never aborted (KAFKA-17754), since the next init settles it.
 */
export interface TransactionalProducer {
  readonly transactionalId: string;
  /** Initialises the producer with Kafka now (the first call does; later calls return at once). */
  init(): Promise<void>;
  /** Begins a transaction (initialising first when `init` was not called). */
  begin(): Promise<KafkaTransaction>;
  close(): Promise<void>;
}

export interface KafkaTransaction {
  /**
   * Writes the batches, each to its partition, acknowledged by all in-sync replicas before it
   * resolves. Records of one partition keep their order. Tells where they landed as runs of
   * consecutive offsets, in the order given: one SentBatch per given batch unless it had to be
   * split (by maxBatchBytes), never merging two. A failed send leaves the transaction to be aborted.
   */
  send(batches: readonly PartitionRecords[]): Promise<SentBatch[]>;
  /** Commits a group's offsets (each the next one to read) in this transaction. */
  sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}
