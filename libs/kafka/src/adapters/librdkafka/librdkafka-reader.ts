// Onceport's PartitionReader on librdkafka's KafkaConsumer: assign() and no subscription, so
// no group is ever joined (librdkafka still wants a group.id: a unique one, never committed
// to). Where reading goes on is the consumer's position, which librdkafka moves past what
// read_committed skips (aborted records, transaction markers) even when a fetch delivers no
// record at all: such a partition is reported with no records and its new nextOffset.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaClientOptions } from "../../client.ts";
import type { KafkaError } from "../../kafka-error.ts";
import type { ConsumedBatch, PartitionReader, ReaderOptions } from "../../reader.ts";
import {
  type ConsumedRecord,
  type PartitionOffset,
  partitionKey,
  type TopicPartition,
} from "../../records.ts";
import { AuthenticationWatch } from "./authentication-watch.ts";
import { settle } from "./callback-promise.ts";
import { toConsumedRecord } from "./consumed-records.ts";
import { commonConfig } from "./librdkafka-config.ts";
import { fromLibrdkafka, refused } from "./librdkafka-errors.ts";
import { attachLogging } from "./librdkafka-logging.ts";
import { type Rdkafka, rdkafka } from "./librdkafka-module.ts";
import { toRdkafkaOffset } from "./offsets.ts";

/** The binding's consumer has this (lib/kafka-consumer.js), its types do not declare it. */
type KafkaConsumer = Rdkafka.KafkaConsumer & { setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void };

/** The most records one poll hands out: bounds what a caller holds at once. */
const maxRecordsPerPoll = 10_000;

export class LibrdkafkaReader implements PartitionReader {
  private readonly consumer: KafkaConsumer;
  private readonly authentication = new AuthenticationWatch();
  private assigned: TopicPartition[] = [];
  /** Each assigned partition's nextOffset as last reported (or as assigned). */
  private positions = new Map<string, bigint>();
  private polling: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;

  static async open(client: KafkaClientOptions, options: ReaderOptions): Promise<LibrdkafkaReader> {
    const reader = new LibrdkafkaReader(client, options);
    await settle<unknown>(
      (done) =>
        reader.consumer.connect({ allTopics: false, timeout: client.requestTimeoutMs ?? 30_000 }, done),
      reader.failure("connecting a reader"),
    );
    return reader;
  }

  private constructor(client: KafkaClientOptions, options: ReaderOptions) {
    this.consumer = new (rdkafka().KafkaConsumer)(
      {
        ...commonConfig(client),
        "group.id": `onceport-reader-${randomUUID()}`,
        "enable.auto.commit": false,
        "enable.auto.offset.store": false,
        "isolation.level": options.isolation,
        ...(options.maxBytesPerPartition === undefined
          ? {}
          : { "max.partition.fetch.bytes": options.maxBytesPerPartition }),
      },
      // A position the log no longer holds (retention deleted it) reads on from the log start:
      // the records' offsets show the gap, where "latest" would skip silently.
      { "auto.offset.reset": "earliest" },
    ) as KafkaConsumer;
    // poll(maxWaitMs) waits for the first record only, then takes what is already fetched.
    this.consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
    attachLogging(this.consumer, client.logger, "reader");
    this.consumer.on("event.error", this.authentication.onClientError);
  }

  async assign(positions: readonly PartitionOffset[]): Promise<void> {
    this.ensureOpen();
    await this.polling;
    const assignment = positions.map((position) => ({
      topic: position.topic,
      partition: position.partition,
      offset: toRdkafkaOffset(position.offset),
    }));
    try {
      // assign() replaces the whole assignment; librdkafka drops what it fetched for the old one.
      if (assignment.length === 0) this.consumer.unassign();
      else this.consumer.assign(assignment);
    } catch (error) {
      throw this.failure("assigning partitions")(error);
    }
    this.assigned = positions.map(({ topic, partition }) => ({ topic, partition }));
    this.positions = new Map(
      positions.map((position) => [partitionKey(position.topic, position.partition), position.offset]),
    );
  }

  poll(maxWaitMs: number): Promise<ConsumedBatch[]> {
    this.ensureOpen();
    const read = this.polling.then(() => this.read(maxWaitMs));
    this.polling = read.catch(() => undefined);
    return read;
  }

  close(): Promise<void> {
    this.closing ??= this.polling.then(() =>
      settle<unknown>((done) => this.consumer.disconnect(done), this.failure("closing a reader")).then(
        () => undefined,
      ),
    );
    return this.closing;
  }

  private async read(maxWaitMs: number): Promise<ConsumedBatch[]> {
    if (this.assigned.length === 0) {
      await sleep(maxWaitMs);
      return [];
    }
    this.consumer.setDefaultConsumeTimeout(Math.max(0, Math.round(maxWaitMs)));
    const messages = await settle<Rdkafka.Message[]>(
      (done) => this.consumer.consume(maxRecordsPerPoll, done),
      this.failure("reading"),
    );
    return this.batches(messages);
  }

  private batches(messages: readonly Rdkafka.Message[]): ConsumedBatch[] {
    const read = new Map<string, ConsumedRecord[]>();
    for (const message of messages) {
      const key = partitionKey(message.topic, message.partition);
      let records = read.get(key);
      if (records === undefined) {
        records = [];
        read.set(key, records);
      }
      records.push(toConsumedRecord(message));
    }
    let positions: Rdkafka.TopicPartitionOffset[];
    try {
      positions = this.consumer.position(this.assigned);
    } catch (error) {
      throw this.failure("reading positions")(error);
    }
    const batches: ConsumedBatch[] = [];
    for (const { topic, partition, offset } of positions) {
      const key = partitionKey(topic, partition);
      const known = this.positions.get(key);
      if (known === undefined) continue;
      const records = read.get(key) ?? [];
      const last = records.at(-1);
      let nextOffset = last === undefined ? known : last.offset + 1n;
      // undefined (or negative) until librdkafka has a position for the partition.
      if (typeof offset === "number" && offset >= 0 && BigInt(offset) > nextOffset)
        nextOffset = BigInt(offset);
      if (records.length === 0 && nextOffset === known) continue;
      this.positions.set(key, nextOffset);
      batches.push({ topic, partition, records, nextOffset });
    }
    return batches;
  }

  private failure(what: string): (error: unknown) => KafkaError {
    return (error) => fromLibrdkafka(what, error, { refusal: this.authentication.refusal() });
  }

  private ensureOpen(): void {
    if (this.closing !== undefined) throw refused("transaction-state", "the reader is closed");
  }
}
