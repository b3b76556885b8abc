// Onceport's KafkaAdmin on librdkafka's AdminClient, which has every call the contract needs,
// listOffsets with an isolation level included (read_committed "latest" is the LSO).
import { setTimeout as sleep } from "node:timers/promises";
import type { BrokerDescription, KafkaAdmin, OffsetSpec, TopicDescription, TopicSpec } from "../../admin.ts";
import type { KafkaClientOptions } from "../../client.ts";
import type { KafkaError } from "../../kafka-error.ts";
import type { IsolationLevel } from "../../reader.ts";
import type { PartitionOffset, TopicPartition } from "../../records.ts";
import { readStableOffsets } from "../../stable-offsets.ts";
import { AuthenticationWatch } from "./authentication-watch.ts";
import { settle } from "./callback-promise.ts";
import { commonConfig } from "./librdkafka-config.ts";
import { fromLibrdkafka, refused } from "./librdkafka-errors.ts";
import { loggingHandlers } from "./librdkafka-logging.ts";
import { type Rdkafka, rdkafka } from "./librdkafka-module.ts";

/** How often createTopics asks whether every partition has its leader yet. */
const leaderCheckIntervalMs = 100;

/** The AdminClient object also has its Client's getMetadata (IAdminClient does not declare it). */
type AdminClient = Rdkafka.IAdminClient & Pick<Rdkafka.Producer, "getMetadata">;

/** The first per-item error of a result list, thrown as a KafkaError. */
function throwFirst(what: string, results: readonly { readonly error?: unknown }[]): void {
  const failed = results.find((result) => result.error !== undefined && result.error !== null);
  if (failed !== undefined) throw fromLibrdkafka(what, failed.error);
}

export class LibrdkafkaAdmin implements KafkaAdmin {
  private readonly admin: AdminClient;
  private readonly timeoutMs: number;
  private readonly authentication = new AuthenticationWatch();
  private closed = false;

  constructor(client: KafkaClientOptions) {
    this.timeoutMs = client.requestTimeoutMs ?? 30_000;
    const logging = loggingHandlers(client.logger, "admin");
    const handlers = {
      "event.error": (error: unknown) => {
        this.authentication.onClientError(error);
        logging?.["event.error"](error);
      },
      ...(logging === undefined ? {} : { "event.log": logging["event.log"] }),
    };
    try {
      this.admin = rdkafka().AdminClient.create(commonConfig(client), handlers) as AdminClient;
    } catch (error) {
      throw this.failure("connecting the admin client")(error);
    }
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    await Promise.all(
      topics.map((spec) =>
        settle<void>(
          (done) =>
            this.admin.createTopic(
              {
                topic: spec.topic,
                num_partitions: spec.numPartitions,
                // -1: the broker's default.replication.factor.
                replication_factor: spec.replicationFactor ?? -1,
                ...(spec.configs === undefined ? {} : { config: { ...spec.configs } }),
              },
              this.timeoutMs,
              done,
            ),
          this.failure(`creating topic ${spec.topic}`),
        ),
      ),
    );
    await this.waitForLeaders(topics);
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    await Promise.all(
      topics.map((topic) =>
        settle<void>(
          (done) => this.admin.deleteTopic(topic, this.timeoutMs, done),
          this.failure(`deleting topic ${topic}`),
        ),
      ),
    );
  }

  listTopics(): Promise<string[]> {
    return settle<string[]>(
      (done) => this.admin.listTopics({ timeout: this.timeoutMs }, done),
      this.failure("listing topics"),
    );
  }

  async describeTopics(topics: readonly string[]): Promise<TopicDescription[]> {
    const what = `describing ${topics.join(", ")}`;
    const descriptions = await settle<Rdkafka.TopicDescription[]>(
      (done) => this.admin.describeTopics([...topics], { timeout: this.timeoutMs }, done),
      this.failure(what),
    );
    throwFirst(what, descriptions);
    return descriptions.map((description) => ({
      topic: description.name,
      partitions: description.partitions.map((partition) => ({
        partition: partition.partition,
        leader: partition.leader?.id ?? -1,
        replicas: partition.replicas.map((node) => node.id),
        isr: partition.isr.map((node) => node.id),
      })),
    }));
  }

  async listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolation: IsolationLevel = "read_committed",
  ): Promise<PartitionOffset[]> {
    const found = await this.queryOffsets(partitions, spec, isolation);
    if (typeof spec !== "object") return found;
    // No record at or after the timestamp: Kafka answers -1, the contract the end.
    const past = found.filter((offset) => offset.offset < 0n);
    if (past.length === 0) return found;
    const ends = await this.queryOffsets(past, "latest", isolation);
    const endOf = new Map(ends.map((end) => [`${end.topic}/${end.partition}`, end.offset]));
    return found.map((offset) =>
      offset.offset < 0n
        ? { ...offset, offset: endOf.get(`${offset.topic}/${offset.partition}`) ?? offset.offset }
        : offset,
    );
  }

  async describeCluster(): Promise<BrokerDescription[]> {
    const metadata = await settle<Rdkafka.Metadata>(
      (done) => this.admin.getMetadata({ allTopics: false, timeout: this.timeoutMs }, done),
      this.failure("describing the cluster"),
    );
    return metadata.brokers.map((broker) => ({ nodeId: broker.id, host: broker.host, port: broker.port }));
  }

  async listGroupOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]> {
    const what = `listing group ${groupId}'s offsets`;
    return readStableOffsets(async () => {
      const results = await settle<Rdkafka.GroupResults[]>(
        (done) =>
          this.admin.listConsumerGroupOffsets(
            [{ groupId, partitions: partitions.map(({ topic, partition }) => ({ topic, partition })) }],
            // Stable: offsets of a transaction still committing are waited for, not skipped.
            { timeout: this.timeoutMs, requireStableOffsets: true },
            done,
          ),
        this.failure(what),
      );
      throwFirst(what, results);
      const offsets: PartitionOffset[] = [];
      for (const result of results) {
        throwFirst(what, result.partitions);
        for (const { topic, partition, offset } of result.partitions) {
          if (offset >= 0) offsets.push({ topic, partition, offset: BigInt(offset) });
        }
      }
      return offsets;
    }, this.timeoutMs);
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length === 0) return;
    const what = `deleting groups ${groupIds.join(", ")}`;
    const results = await settle<Rdkafka.DeleteGroupsResult[]>(
      (done) => this.admin.deleteGroups([...groupIds], { timeout: this.timeoutMs }, done),
      this.failure(what),
    );
    throwFirst(what, results);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.admin.disconnect();
    } catch (error) {
      throw this.failure("closing the admin client")(error);
    }
  }

  private async queryOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolation: IsolationLevel,
  ): Promise<PartitionOffset[]> {
    const { OffsetSpec: Spec, IsolationLevel: Isolation } = rdkafka();
    const offset =
      spec === "earliest" ? Spec.EARLIEST : spec === "latest" ? Spec.LATEST : new Spec(spec.timestamp);
    const what = `listing offsets of ${partitions.map(({ topic, partition }) => `${topic}/${partition}`).join(", ")}`;
    const results = await settle<Rdkafka.ListOffsetsResult[]>(
      (done) =>
        this.admin.listOffsets(
          partitions.map(({ topic, partition }) => ({ topic, partition, offset })),
          {
            timeout: this.timeoutMs,
            isolationLevel:
              isolation === "read_committed" ? Isolation.READ_COMMITTED : Isolation.READ_UNCOMMITTED,
          },
          done,
        ),
      this.failure(what),
    );
    throwFirst(what, results);
    const byPartition = new Map(
      results.map((result) => [`${result.topic}/${result.partition}`, result.offset]),
    );
    return partitions.map(({ topic, partition }) => ({
      topic,
      partition,
      offset: BigInt(byPartition.get(`${topic}/${partition}`) ?? -1),
    }));
  }

  private failure(what: string): (error: unknown) => KafkaError {
    return (error) => fromLibrdkafka(what, error, { refusal: this.authentication.refusal() });
  }

  /** Until every partition of the topics has a leader: a topic just created may have none yet. */
  private async waitForLeaders(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const ready = await this.describeTopics(topics.map((spec) => spec.topic)).then(
        (descriptions) =>
          descriptions.every(
            (description) =>
              description.partitions.length ===
                (topics.find((spec) => spec.topic === description.topic)?.numPartitions ?? 0) &&
              description.partitions.every((partition) => partition.leader >= 0),
          ),
        (error: unknown) => {
          // Metadata may not know a topic for a moment after it was created.
          if (Date.now() >= deadline) throw error;
          return false;
        },
      );
      if (ready) return;
      if (Date.now() >= deadline) {
        const names = topics.map((spec) => spec.topic).join(", ");
        throw refused("unavailable", `${names}: not every partition had a leader after ${this.timeoutMs} ms`);
      }
      await sleep(leaderCheckIntervalMs);
    }
  }
}
