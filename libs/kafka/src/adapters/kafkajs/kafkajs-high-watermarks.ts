// High watermarks through kafkajs. Its admin's fetchTopicOffsets asks ListOffsets with
// isolation level READ_COMMITTED (its request default), so its `high` is the last stable
// offset; the high watermark needs READ_UNCOMMITTED, which kafkajs only sends from consumers.
import type { Kafka } from "kafkajs";
import { KafkaError } from "../../kafka-error.ts";

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
): Promise<Map<string, bigint>> {
  const factory = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === "private:Kafka:createCluster",
  );
  const create = factory === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[factory];
  if (typeof create !== "function") {
    throw new KafkaError(
      "unknown",
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
    const result = new Map<string, bigint>();
    for (const topic of answer) {
      for (const partition of topic.partitions) {
        result.set(`${topic.topic}/${partition.partition}`, BigInt(partition.offset));
      }
    }
    return result;
  } finally {
    await cluster.disconnect();
  }
}
