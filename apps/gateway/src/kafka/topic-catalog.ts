import { OnceportError } from "@onceport/errors";
import { isKafkaError, type KafkaAdmin, type PartitionDescription, partitionForKey } from "@onceport/kafka";
import { kafkaFailure } from "./kafka-errors.ts";

interface CachedTopic {
  readonly partitions: PartitionDescription[];
  readonly fetchedAt: number;
}

/**
 * What the gateway knows of topics: whether they exist and their partitions.
 * The gateway picks every record's partition itself (as Kafka's default
 * partitioner would), so it knows each record's offset from the produce
 * answer, and so an unknown topic is refused before anything is sent.
 */
export class TopicCatalog {
  private readonly cache = new Map<string, CachedTopic>();
  /** Where each topic's next record without key or partition goes. */
  private readonly roundRobin = new Map<string, number>();

  private readonly admin: KafkaAdmin;
  private readonly ttlMs: number;

  constructor(admin: KafkaAdmin, ttlMs: number = 30_000) {
    this.admin = admin;
    this.ttlMs = ttlMs;
  }

  /** The topic's partitions; TOPIC_NOT_FOUND when it does not exist. */
  async partitions(topic: string): Promise<PartitionDescription[]> {
    const cached = this.cachedPartitions(topic);
    if (cached) return cached;
    try {
      const described = await this.admin.describeTopics([topic]);
      const partitions = described.find((entry) => entry.topic === topic)?.partitions ?? [];
      if (partitions.length === 0) throw notFound(topic);
      const list = [...partitions];
      this.cache.set(topic, { partitions: list, fetchedAt: Date.now() });
      return list;
    } catch (error) {
      if (error instanceof OnceportError) throw error;
      if (isKafkaError(error) && error.kind === "unknown-topic") throw notFound(topic);
      throw kafkaFailure(`reading the metadata of topic ${topic}`, error);
    }
  }

  /**
   * The topic's partitions when they were read less than the TTL ago, without waiting:
   * planning a publish takes this path for every record of a known topic, so it creates
   * no promise per record (a measurable share of the gateway's CPU, docs/benchmarks.md).
   */
  cachedPartitions(topic: string): PartitionDescription[] | undefined {
    const cached = this.cache.get(topic);
    return cached && Date.now() - cached.fetchedAt < this.ttlMs ? cached.partitions : undefined;
  }

  /**
   * The partition a record goes to, among the topic's `partitions`: the one asked for,
   * else murmur2 of the key (Kafka's default partitioner), else the next in turn.
   */
  choosePartition(
    topic: string,
    partitions: readonly PartitionDescription[],
    requested: number | undefined,
    key: Buffer | null,
  ): number {
    if (requested !== undefined) {
      if (!partitions.some((partition) => partition.partition === requested)) {
        throw new OnceportError(
          "PARTITION_NOT_FOUND",
          `topic ${topic} has no partition ${requested} (it has ${partitions.length})`,
        );
      }
      return requested;
    }
    if (key !== null) return partitionForKey(key, partitions.length);
    const next = this.roundRobin.get(topic) ?? 0;
    this.roundRobin.set(topic, next + 1);
    return next % partitions.length;
  }
}

function notFound(topic: string): OnceportError {
  return new OnceportError("TOPIC_NOT_FOUND", `topic ${topic} does not exist`);
}
