// A KafkaAdmin on @platformatic/kafka's Admin client.
import { setTimeout as sleep } from "node:timers/promises";
import { Admin, FetchIsolationLevels, ListOffsetTimestamps } from "@platformatic/kafka";
import type {
  BrokerDescription,
  KafkaAdmin,
  OffsetSpec,
  PartitionDescription,
  TopicDescription,
  TopicSpec,
} from "../../admin.ts";
import type { KafkaClientOptions } from "../../client.ts";
import { KafkaError } from "../../kafka-error.ts";
import type { IsolationLevel } from "../../reader.ts";
import { type PartitionOffset, partitionKey, type TopicPartition } from "../../records.ts";
import { readStableOffsets } from "../../stable-offsets.ts";
import { baseOptions, defaultRequestTimeoutMs } from "./connection-options.ts";
import { toKafkaError, translated } from "./platformatic-errors.ts";

function isolationLevel(isolation: IsolationLevel | undefined) {
  return isolation === "read_committed"
    ? FetchIsolationLevels.READ_COMMITTED
    : FetchIsolationLevels.READ_UNCOMMITTED;
}

function timestampOf(spec: OffsetSpec): bigint {
  if (spec === "earliest") return ListOffsetTimestamps.EARLIEST;
  if (spec === "latest") return ListOffsetTimestamps.LATEST;
  return BigInt(Math.trunc(spec.timestamp));
}

export class PlatformaticAdmin implements KafkaAdmin {
  private readonly admin: Admin;
  private readonly waitMs: number;

  constructor(options: KafkaClientOptions) {
    this.admin = new Admin(baseOptions(options, "admin"));
    this.waitMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    // One request per topic: the client applies one list of configs to every topic of a request.
    await translated("createTopics", () =>
      Promise.all(
        topics.map((spec) =>
          this.admin.createTopics({
            topics: [spec.topic],
            partitions: spec.numPartitions,
            replicas: spec.replicationFactor ?? -1,
            configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
          }),
        ),
      ),
    );
    await this.waitForLeaders(topics);
  }

  /**
   * Created topics are not served at once: waits until metadata shows a leader for every
   * partition, and until those leaders answer for them (a Fetch right after the metadata did
   * still met NOT_LEADER_OR_FOLLOWER), asked with a ListOffsets.
   */
  private async waitForLeaders(topics: readonly TopicSpec[]): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    const partitions = topics.flatMap((spec) =>
      Array.from({ length: spec.numPartitions }, (_, partition) => ({ topic: spec.topic, partition })),
    );
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const descriptions = await this.describeTopics(topics.map((spec) => spec.topic));
        const led = topics.every((spec) => {
          const described = descriptions.find((d) => d.topic === spec.topic)?.partitions ?? [];
          return described.length === spec.numPartitions && described.every((p) => p.leader >= 0);
        });
        if (led) {
          await this.offsetsAt(partitions, ListOffsetTimestamps.LATEST, undefined);
          return;
        }
      } catch (error) {
        lastError = error;
      }
      await sleep(50);
    }
    throw new KafkaError("unavailable", `createTopics: the topics are not served after ${this.waitMs} ms`, {
      cause: lastError,
    });
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    await translated("deleteTopics", () => this.admin.deleteTopics({ topics: [...topics] }));
  }

  async listTopics(): Promise<string[]> {
    return await translated("listTopics", () => this.admin.listTopics());
  }

  async describeTopics(topics: readonly string[]): Promise<TopicDescription[]> {
    if (topics.length === 0) return [];
    const metadata = await translated("describeTopics", () =>
      this.admin.metadata({ topics: [...topics], forceUpdate: true }),
    );
    return topics.map((topic) => {
      const description = metadata.topics.get(topic);
      if (description === undefined) {
        throw new KafkaError("unknown-topic", `describeTopics: no topic ${topic}`, {
          code: "UNKNOWN_TOPIC_OR_PARTITION",
        });
      }
      const partitions: PartitionDescription[] = [];
      description.partitions.forEach((partition, index) => {
        partitions.push({
          partition: index,
          leader: partition.leader,
          replicas: partition.replicas,
          isr: partition.isr,
        });
      });
      return { topic, partitions };
    });
  }

  async listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolation?: IsolationLevel,
  ): Promise<PartitionOffset[]> {
    const found = await this.offsetsAt(partitions, timestampOf(spec), isolation);
    if (typeof spec === "object") {
      // No record at or after the timestamp: the broker answers -1, the contract the end.
      const past = partitions.filter((p) => (found.get(partitionKey(p.topic, p.partition)) ?? -1n) < 0n);
      if (past.length > 0) {
        for (const [key, offset] of await this.offsetsAt(past, ListOffsetTimestamps.LATEST, isolation)) {
          found.set(key, offset);
        }
      }
    }
    return partitions.map(({ topic, partition }) => {
      const offset = found.get(partitionKey(topic, partition));
      if (offset === undefined) {
        throw new KafkaError("unknown-topic", `listOffsets: no answer for ${topic}/${partition}`, {
          code: "UNKNOWN_TOPIC_OR_PARTITION",
        });
      }
      return { topic, partition, offset };
    });
  }

  private async offsetsAt(
    partitions: readonly TopicPartition[],
    timestamp: bigint,
    isolation: IsolationLevel | undefined,
  ): Promise<Map<string, bigint>> {
    const byTopic = new Map<string, { partitionIndex: number; timestamp: bigint }[]>();
    for (const { topic, partition } of partitions) {
      const requests = byTopic.get(topic) ?? [];
      requests.push({ partitionIndex: partition, timestamp });
      byTopic.set(topic, requests);
    }
    const answer = await translated("listOffsets", () =>
      this.admin.listOffsets({
        topics: [...byTopic].map(([name, requests]) => ({ name, partitions: requests })),
        isolationLevel: isolationLevel(isolation),
      }),
    );
    const offsets = new Map<string, bigint>();
    for (const topic of answer) {
      for (const partition of topic.partitions)
        offsets.set(partitionKey(topic.name, partition.partitionIndex), partition.offset);
    }
    return offsets;
  }

  async describeCluster(): Promise<BrokerDescription[]> {
    const metadata = await translated("describeCluster", () =>
      this.admin.metadata({ topics: [], forceUpdate: true }),
    );
    return [...metadata.brokers].map(([nodeId, { host, port }]) => ({ nodeId, host, port }));
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length === 0) return;
    await translated("deleteGroups", () => this.admin.deleteGroups({ groups: [...groupIds] }));
  }

  /**
   * The offsets a group committed (each the next one to read), for those of the partitions it
   * committed one for. Not (yet) in KafkaAdmin: the contract suite's transactions test reads
   * it. requireStable: offsets of a transaction not yet ended are waited for, not skipped.
   */
  async listGroupOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]> {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions)
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const groups = await readStableOffsets(
      () =>
        translated("listGroupOffsets", () =>
          this.admin.listConsumerGroupOffsets({
            groups: [
              {
                groupId,
                topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
              },
            ],
            requireStable: true,
          }),
        ),
      this.waitMs,
    );
    const offsets: PartitionOffset[] = [];
    for (const group of groups) {
      for (const topic of group.topics) {
        for (const partition of topic.partitions) {
          if (partition.committedOffset >= 0n) {
            offsets.push({
              topic: topic.name,
              partition: partition.partitionIndex,
              offset: partition.committedOffset,
            });
          }
        }
      }
    }
    return offsets;
  }

  async close(): Promise<void> {
    try {
      await this.admin.close();
    } catch (error) {
      throw toKafkaError(error, "close");
    }
  }
}
