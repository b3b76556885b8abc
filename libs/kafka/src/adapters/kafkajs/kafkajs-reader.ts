// Onceport's PartitionReader on kafkajs, which has no assign(): a consumer group of the
// reader's own (never committed to) has it as its only member, so it is given every partition
// of the topics; the partitions asked for are sought to their positions (again after every
// join), the others paused. kafkajs reports a batch it filtered out entirely (aborted records
// or markers only) solely through END_BATCH_PROCESS, so positions follow both.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import { isKafkaError } from "../../kafka-error.ts";
import type { ConsumedBatch, PartitionReader, ReaderOptions } from "../../reader.ts";
import { type ConsumedRecord, type PartitionOffset, partitionKey } from "../../records.ts";
import { fromKafkajs } from "./kafkajs-errors.ts";
import { fromKafkajsMessage } from "./kafkajs-headers.ts";

/** Records held for poll() before kafkajs's fetching waits: bounds a slow caller's memory. */
const maxQueuedRecords = 20_000;

export class KafkajsReader implements PartitionReader {
  private readonly kafka: Kafka;
  private readonly options: ReaderOptions;
  private consumer: Consumer | undefined;
  private positions = new Map<string, PartitionOffset>();
  private queue: ConsumedBatch[] = [];
  private queuedRecords = 0;
  private failure: unknown;
  private wake: () => void = () => {};
  private closed = false;

  constructor(kafka: Kafka, options: ReaderOptions) {
    this.kafka = kafka;
    this.options = options;
  }

  async assign(positions: readonly PartitionOffset[]): Promise<void> {
    await this.stopConsumer();
    this.positions = new Map(
      positions.map((position) => [partitionKey(position.topic, position.partition), position]),
    );
    this.queue = [];
    this.queuedRecords = 0;
    this.failure = undefined;
    if (positions.length === 0) return;
    await this.startConsumer();
  }

  /** A consumer of a group of its own, reading every position held, from where it is. */
  private async startConsumer(): Promise<void> {
    const positions = [...this.positions.values()];
    const consumer = this.kafka.consumer({
      groupId: `onceport-reader-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`,
      readUncommitted: this.options.isolation === "read_uncommitted",
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: Math.max(16 * 1024 * 1024, this.options.maxBytesPerPartition ?? 0),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        const unread = partitions.filter((partition) => !this.positions.has(partitionKey(topic, partition)));
        if (unread.length > 0) consumer.pause([{ topic, partitions: unread }]);
      }
      this.seekAll(consumer);
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (this.consumer !== consumer) return;
      this.advance(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n, []);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return;
      if (payload.restart) {
        // kafkajs would restart this consumer in the same group. When the connection that
        // carried its LeaveGroup was lost too (connections reset), the coordinator keeps the
        // old member and holds the new one's join until that member's session times out:
        // 30 s and more without a record (seen in the fault suite's network scenario). A new
        // group of one joins at once; it reads on from the positions reached.
        setImmediate(() => this.replaceConsumer(consumer));
        return;
      }
      this.failure = payload.error;
      this.wake();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...new Set(positions.map((position) => position.topic))],
        fromBeginning: true,
      });
      // Positions are sought when the group is joined (GROUP_JOIN above): kafkajs refuses a
      // seek before that, and forgets one across a rejoin.
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: (payload) => this.onBatch(consumer, payload),
      });
    } catch (error) {
      await this.stopConsumer();
      throw fromKafkajs("starting a reader", error);
    }
  }

  /** Replaces a crashed consumer, trying again while Kafka cannot be reached. */
  private replaceConsumer(crashed: Consumer): void {
    if (this.consumer !== crashed || this.closed) return;
    this.consumer = undefined;
    // Its disconnect also cancels the restart kafkajs scheduled; nothing waits for it.
    crashed.disconnect().catch(() => undefined);
    this.restartConsumer().catch(() => undefined);
  }

  /** A reader that cannot start again for a lasting reason fails its next poll. */
  private async restartConsumer(): Promise<void> {
    for (let attempt = 0; !this.closed && this.consumer === undefined; attempt++) {
      try {
        await this.startConsumer();
        return;
      } catch (error) {
        if (!(isKafkaError(error) && error.retriable)) {
          this.failure = error;
          this.wake();
          return;
        }
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    }
  }

  async poll(maxWaitMs: number): Promise<ConsumedBatch[]> {
    if (this.queue.length === 0 && this.failure === undefined && !this.closed) {
      await Promise.race([
        new Promise<void>((resolve) => {
          this.wake = resolve;
        }),
        sleep(maxWaitMs),
      ]);
    }
    if (this.failure !== undefined) throw fromKafkajs("reading", this.failure);
    const batches = this.queue;
    this.queue = [];
    this.queuedRecords = 0;
    return batches;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopConsumer();
    this.wake();
  }

  private async onBatch(
    consumer: Consumer,
    { batch, heartbeat, isRunning }: EachBatchPayload,
  ): Promise<void> {
    if (this.consumer !== consumer) return;
    const key = partitionKey(batch.topic, batch.partition);
    const position = this.positions.get(key);
    if (position === undefined) return;
    const records: ConsumedRecord[] = [];
    for (const message of batch.messages) {
      const offset = BigInt(message.offset);
      if (offset < position.offset) continue; // a compressed batch starts before the position
      records.push({
        topic: batch.topic,
        partition: batch.partition,
        offset,
        key: message.key ?? null,
        value: message.value ?? null,
        headers: fromKafkajsMessage(message),
        timestamp: Number(message.timestamp),
      });
    }
    this.advance(batch.topic, batch.partition, BigInt(batch.lastOffset()) + 1n, records);
    // Hold kafkajs while the caller has not taken enough of what was read; heartbeats keep the
    // group (of one) from expiring meanwhile.
    while (this.queuedRecords > maxQueuedRecords && isRunning() && !this.closed) {
      await sleep(50);
      await heartbeat();
    }
  }

  private advance(topic: string, partition: number, nextOffset: bigint, records: ConsumedRecord[]): void {
    const key = partitionKey(topic, partition);
    const position = this.positions.get(key);
    if (position === undefined || nextOffset <= position.offset) return;
    this.positions.set(key, { topic, partition, offset: nextOffset });
    this.queue.push({ topic, partition, records, nextOffset });
    this.queuedRecords += records.length;
    this.wake();
  }

  private seekAll(consumer: Consumer): void {
    for (const { topic, partition, offset } of this.positions.values()) {
      consumer.seek({ topic, partition, offset: offset.toString() });
    }
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer === undefined) return;
    try {
      await consumer.disconnect();
    } catch {
      // A reader being replaced or closed has nothing left to lose.
    }
  }
}
