import type { IsolationLevel } from "./reader.ts";
import type { PartitionOffset, TopicPartition } from "./records.ts";

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface PartitionDescription {
  readonly partition: number;
  /** -1 while the partition has no leader. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicDescription {
  readonly topic: string;
  readonly partitions: readonly PartitionDescription[];
}

export interface BrokerDescription {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/**
 * earliest: the log start. latest: the end a reader of `isolation` sees (the high watermark
 * read_uncommitted, the last stable offset read_committed). A timestamp: the first offset at
 * or after it (the end when none is).
 */
export type OffsetSpec = "earliest" | "latest" | { readonly timestamp: number };

export interface KafkaAdmin {
  /** Creates the topics and waits until each partition has a leader. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  /** Throws `unknown-topic` when one of them does not exist. */
  describeTopics(topics: readonly string[]): Promise<TopicDescription[]>;
  listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolation?: IsolationLevel,
  ): Promise<PartitionOffset[]>;
  /** The brokers the cluster has now. */
  describeCluster(): Promise<BrokerDescription[]>;
  /** A group's committed offsets for these partitions; a partition without one is left out. */
  listGroupOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
