// Where each partition stands: its log start, its last stable offset (LSO) and its high
// watermark (HW). ListOffsets answers "latest" for the isolation level asked: the LSO for
// read_committed (where a read_committed reader must stop), the HW for read_uncommitted.
import { OnceportError } from "@onceport/errors";
import { isKafkaError, type KafkaAdmin, type PartitionOffset, type TopicPartition } from "@onceport/kafka";
import { partitionKey } from "./partition-range.ts";

/** Each topic's partitions, sorted, in the order the topics were given. Unknown topics: TOPIC_NOT_FOUND. */
export async function topicPartitions(
  admin: KafkaAdmin,
  topics: readonly string[],
): Promise<Map<string, number[]>> {
  let described: Awaited<ReturnType<KafkaAdmin["describeTopics"]>>;
  try {
    described = await admin.describeTopics(topics);
  } catch (error) {
    if (!isKafkaError(error) || error.kind !== "unknown-topic") throw error;
    // Not every client names the missing topic: the list says which.
    const existing = new Set(await admin.listTopics().catch(() => []));
    const missing = topics.filter((topic) => !existing.has(topic));
    throw new OnceportError(
      "TOPIC_NOT_FOUND",
      missing.length > 0 ? `no such topic: ${missing.join(", ")}` : error.message,
      { cause: error },
    );
  }
  const byTopic = new Map(described.map((topic) => [topic.topic, topic]));
  return new Map(
    topics.map((topic) => [
      topic,
      (byTopic.get(topic)?.partitions ?? []).map((partition) => partition.partition).sort((a, b) => a - b),
    ]),
  );
}

export function partitionList(partitions: ReadonlyMap<string, readonly number[]>): TopicPartition[] {
  return [...partitions].flatMap(([topic, numbers]) => numbers.map((partition) => ({ topic, partition })));
}

/** Last stable offsets (`topic/partition` -> LSO). */
export async function stableOffsets(
  admin: KafkaAdmin,
  partitions: readonly TopicPartition[],
): Promise<Map<string, number>> {
  return byPartition(await admin.listOffsets(partitions, "latest", "read_committed"));
}

/**
 * Last stable offsets once each has reached the high watermark it had when this was called, or
 * as they stand after `settleMs`. Kafka answers EndTxn before the coordinator has written the
 * transaction's markers, so a commit acknowledged a moment ago may still lie above the LSO: an
 * audit planned on that LSO would judge the commit's records lost. A partition held by an open
 * transaction never catches up; the transactions check then judges it.
 */
export async function settledStableOffsets(
  admin: KafkaAdmin,
  partitions: readonly TopicPartition[],
  settleMs: number,
): Promise<Map<string, number>> {
  const highs = await highWatermarks(admin, partitions);
  const deadline = Date.now() + settleMs;
  for (;;) {
    const stables = await stableOffsets(admin, partitions);
    const behind = [...highs].some(([key, high]) => (stables.get(key) ?? 0) < high);
    if (!behind || Date.now() >= deadline) return stables;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** High watermarks (`topic/partition` -> HW). */
export async function highWatermarks(
  admin: KafkaAdmin,
  partitions: readonly TopicPartition[],
): Promise<Map<string, number>> {
  return byPartition(await admin.listOffsets(partitions, "latest", "read_uncommitted"));
}

/** Log start offsets (`topic/partition` -> the first offset still stored). */
export async function logStarts(
  admin: KafkaAdmin,
  partitions: readonly TopicPartition[],
): Promise<Map<string, number>> {
  return byPartition(await admin.listOffsets(partitions, "earliest"));
}

/** The first offset of each partition whose timestamp is at or after `timestamp` (else the end). */
export async function offsetsAtTime(
  admin: KafkaAdmin,
  partitions: readonly TopicPartition[],
  timestamp: number,
): Promise<Map<string, number>> {
  return byPartition(await admin.listOffsets(partitions, { timestamp }, "read_committed"));
}

function byPartition(offsets: readonly PartitionOffset[]): Map<string, number> {
  return new Map(offsets.map((entry) => [partitionKey(entry.topic, entry.partition), Number(entry.offset)]));
}
