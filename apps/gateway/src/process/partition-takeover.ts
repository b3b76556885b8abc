import { OnceportError } from "@onceport/errors";
import type { GroupConsumer, KafkaAdmin } from "@onceport/kafka";
import { PartitionProducer, partitionTransactionalId } from "./partition-producer.ts";
import type { ConsumerEnvironment } from "./process-environment.ts";

/** An input partition a worker's consumer was assigned. */
export interface HeldPartition {
  readonly topic: string;
  readonly partition: number;
  producer: PartitionProducer | undefined;
  /**
   * False until, since the assignment (or since a failed commit), the
   * partition's producer fenced the previous owner and the consumer sought to
   * the group's committed offset read after that. Nothing is delivered before.
   */
  ready: boolean;
}

/**
 * Takes a partition over: fences its previous owner (the producer's
 * initialisation settles any transaction it left open), then seeks to the
 * group's committed offset, read only now that it is final. A producer still
 * usable is kept (if another owner fenced it meanwhile, its next commit fails
 * and it is replaced).
 */
export async function takeOver(
  held: HeldPartition,
  group: { readonly id: string; readonly startAtLatest: boolean },
  consumer: GroupConsumer,
  env: ConsumerEnvironment,
): Promise<bigint> {
  const { topic, partition } = held;
  if (!held.producer?.isUsable) {
    const previous = held.producer;
    held.producer = undefined;
    await previous?.release();
    held.producer = await PartitionProducer.open(
      env.producers,
      partitionTransactionalId(env.transactionalIdPrefix, group.id, topic, partition),
      { transactionTimeoutMs: env.kafkaTransactionTimeoutMs, maxBatchBytes: env.limits.maxKafkaBatchBytes },
      env.logger,
    );
  }
  const next = await committedOffset(env.kafkaAdmin, group, topic, partition);
  consumer.seek({ topic, partition, offset: next });
  held.ready = true;
  return next;
}

/**
 * The group's committed offset of a partition, or its earliest (latest) offset
 * when it has none. With Kafka 3.9.1 the committed offset is final once the
 * producer's initialisation returned: the broker answers a transaction's
 * markers only after the group coordinator applied its offsets (KAFKA-17507).
 */
async function committedOffset(
  admin: KafkaAdmin,
  group: { readonly id: string; readonly startAtLatest: boolean },
  topic: string,
  partition: number,
): Promise<bigint> {
  const [committed] = await admin.listGroupOffsets(group.id, [{ topic, partition }]);
  if (committed !== undefined && committed.offset >= 0n) return committed.offset;
  const [bound] = await admin.listOffsets(
    [{ topic, partition }],
    group.startAtLatest ? "latest" : "earliest",
  );
  if (!bound) throw new OnceportError("PARTITION_NOT_FOUND", `topic ${topic} has no partition ${partition}`);
  return bound.offset;
}
