import { OnceportError } from "@onceport/errors";
import { type Admin, Partitioners, type PartitionMetadata } from "kafkajs";
import { kafkaFailure } from "./kafka-errors.ts";
import { kafkaErrorTypes } from "./kafkajs-error-types.ts";

interface CachedTopic {
  readonly partitions: PartitionMetadata[];
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
  private readonly partitioner = Partitioners.DefaultPartitioner();

  private readonly admin: Admin;
  private readonly ttlMs: number;

  constructor(admin: Admin, ttlMs: number = 30_000) {
    this.admin = admin;
    this.ttlMs = ttlMs;
  }

  /** The topic's partitions; TOPIC_NOT_FOUND when it does not exist. */
  async partitions(topic: string): Promise<PartitionMetadata[]> {
    const cached = this.cachedPartitions(topic);
    if (cached) return cached;
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((entry) => entry.name === topic)?.partitions ?? [];
      if (partitions.length === 0) throw notFound(topic);
      this.cache.set(topic, { partitions, fetchedAt: Date.now() });
      return partitions;
    } catch (error) {
      if (error instanceof OnceportError) throw error;
      if (kafkaErrorTypes(error).includes("UNKNOWN_TOPIC_OR_PARTITION")) throw notFound(topic);
      throw kafkaFailure(`reading the metadata of topic ${topic}`, error);
    }
  }

  /**
   * The topic's partitions when they were read less than the TTL ago, without waiting:
   * planning a publish takes this path for every record of a known topic, so it creates
   * no promise per record (a measurable share of the gateway's CPU, docs/benchmarks.md).
   */
  cachedPartitions(topic: string): PartitionMetadata[] | undefined {
    const cached = this.cache.get(topic);
    return cached && Date.now() - cached.fetchedAt < this.ttlMs ? cached.partitions : undefined;
  }

  /**
   * The partition a record goes to, among the topic's `partitions`: the one asked for,
   * else murmur2 of the key, else spread.
   */
  choosePartition(
    topic: string,
    partitions: PartitionMetadata[],
    requested: number | undefined,
    key: Buffer | null,
  ): number {
    if (requested !== undefined) {
      if (!partitions.some((partition) => partition.partitionId === requested)) {
        throw new OnceportError(
          "PARTITION_NOT_FOUND",
          `topic ${topic} has no partition ${requested} (it has ${partitions.length})`,
        );
      }
      return requested;
    }
    return this.partitioner({ topic, partitionMetadata: partitions, message: { key, value: null } });
  }
}

function notFound(topic: string): OnceportError {
  return new OnceportError("TOPIC_NOT_FOUND", `topic ${topic} does not exist`);
}
