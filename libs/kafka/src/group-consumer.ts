import type { ConsumerGroupMetadata } from "./producer.ts";
import type { ConsumedBatch } from "./reader.ts";
import type { PartitionOffset, TopicPartition } from "./records.ts";

export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Where a partition the group has no committed offset for is read from, until the caller
   * seeks it (Process seeks every partition it takes over).
   */
  readonly startAt: "earliest" | "latest";
  /** The group drops a member it has not heard from for this long. */
  readonly sessionTimeoutMs: number;
  /** How long the group waits for its members to rejoin once a rebalance starts. */
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** How many partitions' batches are handled at once (one batch at a time per partition). */
  readonly concurrency: number;
  /** How long a fetch waits for new records: heartbeats and rebalances are never further off. */
  readonly maxWaitMs?: number;
}

/** What the group gave this member at a join. */
export interface GroupAssignment {
  readonly memberId: string;
  /** The group's generation, where the client tells it (KIP-447 fences older ones). */
  readonly generationId?: number;
  readonly partitions: readonly TopicPartition[];
}

/** A fetched batch of one assigned partition, read read_committed. */
export interface GroupBatch extends ConsumedBatch {
  /**
   * Tells the group this member is alive (a handler that waits long calls it). "rejoin" when
   * the group is rebalancing: the member should return from its handlers soon, and it rejoins
   * once they have. Other failures (a coordinator moving) throw a KafkaError and are transient.
   */
  heartbeat(): Promise<"ok" | "rejoin">;
}

export interface GroupHandlers {
  /**
   * After every join, with the whole assignment; no batch handler runs meanwhile. Positions
   * sought before it are forgotten: seek again.
   */
  assigned(assignment: GroupAssignment): void;
  /**
   * One batch. Returns the offset to read this partition from next: records from it on are
   * fetched again (its nextOffset when all were handled); undefined to go on from a seek made
   * meanwhile, or to fetch the same records again.
   */
  batch(batch: GroupBatch): Promise<bigint | undefined>;
  /** The consumer stopped for good. Failures the client recovers from itself are only logged. */
  failed(error: Error): void;
}

/**
 * A read_committed member of a consumer group. It never commits offsets itself: a caller
 * commits them inside its transactions (TransactionalProducer's sendOffsets, with
 * `groupMetadata()`), so what it wrote and how far it read are one atomic step.
 */
export interface GroupConsumer {
  /** Joins the group and starts handing out batches; resolves once it runs. */
  start(handlers: GroupHandlers): Promise<void>;
  /** Reads an assigned partition from this offset next. */
  seek(position: PartitionOffset): void;
  /**
   * Rejoins the group once the handlers under way have returned (no new batch is handed out
   * before): `assigned` then tells the current assignment again.
   */
  rejoin(): void;
  /** The group, member and generation of the last join, for a transaction's offsets. */
  groupMetadata(): ConsumerGroupMetadata;
  /** Leaves the group, after the handlers under way return. */
  close(): Promise<void>;
}
