// Where each partition stands: its log start, its last stable offset (LSO) and its high
// watermark (HW). kafkajs's admin.fetchTopicOffsets asks ListOffsets with isolation level
// READ_COMMITTED (its request default), so its `high` is the LSO, not the HW: the broker
// answers "latest" with the LSO for that isolation level (checked on Kafka 3.9.1, see
// test/offsets.spec.ts). The HW needs ListOffsets with READ_UNCOMMITTED, which kafkajs only
// does inside consumers; `highWatermarks` asks it through kafkajs's own cluster object.
import { OnceportError } from "@onceport/errors";
import type { Admin, Kafka } from "kafkajs";

export interface PartitionOffsets {
  readonly partition: number;
  /** The log start offset: the first offset still stored. */
  readonly low: number;
  /** The last stable offset: a read_committed reader reads up to here and no further. */
  readonly stable: number;
}

export async function topicPartitions(
  admin: Admin,
  topics: readonly string[],
): Promise<Map<string, number[]>> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) throw new OnceportError("TOPIC_NOT_FOUND", `no such topic: ${missing.join(", ")}`);
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  return new Map(
    metadata.topics.map((topic) => [
      topic.name,
      topic.partitions.map((partition) => partition.partitionId).sort((a, b) => a - b),
    ]),
  );
}

export async function stableOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map((entry) => ({ partition: entry.partition, low: Number(entry.low), stable: Number(entry.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/** The first offset of each partition whose timestamp is at or after `timestamp` (else the LSO). */
export async function offsetsAtTime(
  admin: Admin,
  topic: string,
  timestamp: number,
): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
  return new Map(offsets.map((entry) => [entry.partition, Number(entry.offset)]));
}

interface ClusterLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  fetchTopicsOffset(
    topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

const READ_UNCOMMITTED = 0;

/**
 * High watermarks (`topic/partition` -> HW). Uses kafkajs 2.2.4's private cluster factory, found by
 * its symbol's description, the one way to send ListOffsets with READ_UNCOMMITTED through kafkajs;
 * fails loudly (not silently wrong) if a kafkajs upgrade removes it.
 */
export async function highWatermarks(
  kafka: Kafka,
  partitions: ReadonlyMap<string, readonly number[]>,
): Promise<Map<string, number>> {
  const factory = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === "private:Kafka:createCluster",
  );
  const create = factory === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[factory];
  if (typeof create !== "function") {
    throw new OnceportError(
      "INTERNAL",
      "this kafkajs version has no private cluster factory (needed for high watermarks)",
    );
  }
  const cluster = (create as (options: object) => ClusterLike).call(kafka, {
    isolationLevel: READ_UNCOMMITTED,
    allowAutoTopicCreation: false,
  });
  await cluster.connect();
  try {
    const topics = [...partitions.keys()];
    await cluster.addMultipleTargetTopics(topics);
    const answer = await cluster.fetchTopicsOffset(
      topics.map((topic) => ({
        topic,
        fromBeginning: false,
        partitions: (partitions.get(topic) ?? []).map((partition) => ({ partition })),
      })),
    );
    const result = new Map<string, number>();
    for (const topic of answer) {
      for (const partition of topic.partitions) {
        result.set(`${topic.topic}/${partition.partition}`, Number(partition.offset));
      }
    }
    return result;
  } finally {
    await cluster.disconnect();
  }
}
