// Onceport's KafkaAdmin on kafkajs.
import { setTimeout as sleep } from "node:timers/promises";
import type { Admin, Kafka } from "kafkajs";
import type { BrokerDescription, KafkaAdmin, OffsetSpec, TopicDescription, TopicSpec } from "../../admin.ts";
import { KafkaError } from "../../kafka-error.ts";
import type { IsolationLevel } from "../../reader.ts";
import type { PartitionOffset, TopicPartition } from "../../records.ts";
import { fromKafkajs } from "./kafkajs-errors.ts";
import { highWatermarks } from "./kafkajs-high-watermarks.ts";
import { waitForTopicOnEveryBroker } from "./topic-on-every-broker.ts";

/** How long createTopics waits for every broker to serve the new topics. */
const topicCreationTimeoutMs = 30_000;
/** Tries of a ListOffsets whose partition leader is still moving (a topic just created, a broker just gone). */
const listOffsetsAttempts = 10;

/**
 * kafkajs's admin answers NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE and the like for
 * ListOffsets without retrying (seen right after a topic was created): try again a little later.
 * Its fetchTopicOffsets also throws a TypeError ("Cannot destructure property 'partitions' of
 * 'low.pop(...)'") when the shared metadata changed between its two ListOffsets rounds and the
 * second found no partition to ask (seen with Subscribes of topics created moments before):
 * the same metadata race, tried again alike.
 */
async function retryWhileLeadersMove<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const failure = fromKafkajs("listing offsets", error);
      const transient = failure.kind === "unavailable" || error instanceof TypeError;
      if (!transient || attempt >= listOffsetsAttempts) throw error;
      await sleep(Math.min(100 * 2 ** attempt, 1_000));
    }
  }
}

export class KafkajsAdmin implements KafkaAdmin {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly adminFor: (address: string) => Admin;

  constructor(kafka: Kafka, admin: Admin, adminFor: (address: string) => Admin) {
    this.kafka = kafka;
    this.admin = admin;
    this.adminFor = adminFor;
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    try {
      const created = await this.admin.createTopics({
        // kafkajs's own wait asks one broker once; waitForTopicOnEveryBroker asks them all.
        waitForLeaders: false,
        topics: topics.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          ...(spec.replicationFactor === undefined ? {} : { replicationFactor: spec.replicationFactor }),
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      // kafkajs answers false, not an error, when a topic exists already.
      if (!created) {
        throw new KafkaError(
          "invalid-argument",
          `topic(s) already exist: ${topics.map((spec) => spec.topic).join(", ")}`,
          {
            code: "TOPIC_ALREADY_EXISTS",
          },
        );
      }
      for (const spec of topics) {
        await waitForTopicOnEveryBroker(this.admin, spec.topic, this.adminFor, topicCreationTimeoutMs);
      }
    } catch (error) {
      throw fromKafkajs(`creating topics ${topics.map((spec) => spec.topic).join(", ")}`, error);
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    try {
      await this.admin.deleteTopics({ topics: [...topics] });
    } catch (error) {
      throw fromKafkajs(`deleting topics ${topics.join(", ")}`, error);
    }
  }

  async listTopics(): Promise<string[]> {
    try {
      return await this.admin.listTopics();
    } catch (error) {
      throw fromKafkajs("listing topics", error);
    }
  }

  async describeTopics(topics: readonly string[]): Promise<TopicDescription[]> {
    // kafkajs's metadata request for an unknown topic retries until it gives up: ask the list first.
    const existing = new Set(await this.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new KafkaError("unknown-topic", `no such topic: ${missing.join(", ")}`, {
        code: "UNKNOWN_TOPIC_OR_PARTITION",
      });
    }
    try {
      const { topics: described } = await this.admin.fetchTopicMetadata({ topics: [...topics] });
      return described.map((topic) => ({
        topic: topic.name,
        partitions: topic.partitions
          .map((partition) => ({
            partition: partition.partitionId,
            leader: partition.leader,
            replicas: [...partition.replicas],
            isr: [...partition.isr],
          }))
          .sort((a, b) => a.partition - b.partition),
      }));
    } catch (error) {
      throw fromKafkajs(`describing topics ${topics.join(", ")}`, error);
    }
  }

  async listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolation: IsolationLevel = "read_committed",
  ): Promise<PartitionOffset[]> {
    const topics = [...new Set(partitions.map((partition) => partition.topic))];
    const wanted = (topic: string, partition: number) =>
      partitions.some((entry) => entry.topic === topic && entry.partition === partition);
    try {
      if (spec === "latest" && isolation === "read_uncommitted") {
        const byTopic = new Map<string, number[]>();
        for (const { topic, partition } of partitions)
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
        const watermarks = await retryWhileLeadersMove(() => highWatermarks(this.kafka, byTopic));
        return partitions.map(({ topic, partition }) => ({
          topic,
          partition,
          offset: watermarks.get(`${topic}/${partition}`) ?? 0n,
        }));
      }
      const result: PartitionOffset[] = [];
      for (const topic of topics) {
        // kafkajs asks ListOffsets READ_COMMITTED: "latest" is the last stable offset.
        const answers =
          typeof spec === "object"
            ? (
                await retryWhileLeadersMove(() =>
                  this.admin.fetchTopicOffsetsByTimestamp(topic, spec.timestamp),
                )
              ).map((entry) => ({
                partition: entry.partition,
                offset: entry.offset,
              }))
            : (await retryWhileLeadersMove(() => this.admin.fetchTopicOffsets(topic))).map((entry) => ({
                partition: entry.partition,
                offset: spec === "earliest" ? entry.low : entry.high,
              }));
        for (const answer of answers) {
          if (wanted(topic, answer.partition)) {
            result.push({ topic, partition: answer.partition, offset: BigInt(answer.offset) });
          }
        }
      }
      return result;
    } catch (error) {
      throw fromKafkajs(`listing offsets of ${topics.join(", ")}`, error);
    }
  }

  async describeCluster(): Promise<BrokerDescription[]> {
    try {
      const { brokers } = await this.admin.describeCluster();
      return brokers.map((broker) => ({ nodeId: broker.nodeId, host: broker.host, port: broker.port }));
    } catch (error) {
      throw fromKafkajs("describing the cluster", error);
    }
  }

  async listGroupOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]> {
    const topics = [...new Set(partitions.map((partition) => partition.topic))];
    try {
      const answer = await this.admin.fetchOffsets({ groupId, topics });
      const result: PartitionOffset[] = [];
      for (const topic of answer) {
        for (const entry of topic.partitions) {
          const wanted = partitions.some((p) => p.topic === topic.topic && p.partition === entry.partition);
          // kafkajs answers -1 for a partition the group has no offset for.
          if (wanted && BigInt(entry.offset) >= 0n) {
            result.push({ topic: topic.topic, partition: entry.partition, offset: BigInt(entry.offset) });
          }
        }
      }
      return result;
    } catch (error) {
      throw fromKafkajs(`listing the offsets of group ${groupId}`, error);
    }
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    try {
      await this.admin.deleteGroups([...groupIds]);
    } catch (error) {
      throw fromKafkajs(`deleting groups ${groupIds.join(", ")}`, error);
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
