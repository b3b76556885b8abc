// Onceport's GroupConsumer on a kafkajs consumer. kafkajs rejoins a group only when a batch
// handler (or its own heartbeat) fails with a rebalance error, so `rejoin()` and a heartbeat
// that finds the group rebalancing make the next handler return throw one (kafkajs's runner
// rejoins on REBALANCE_IN_PROGRESS): a follower's rejoin answers the current assignment.
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import type { GroupConsumer, GroupConsumerOptions, GroupHandlers } from "../../group-consumer.ts";
import type { ConsumerGroupMetadata } from "../../producer.ts";
import type { PartitionOffset, TopicPartition } from "../../records.ts";
import { fromKafkajs, protocolTypes } from "./kafkajs-errors.ts";
import { fromKafkajsMessage } from "./kafkajs-headers.ts";

/**
 * Heartbeat failures after which kafkajs must rejoin the group: a rebalance started, the
 * coordinator moved, or this member was dropped (its session timed out: another member may
 * hold its partitions already).
 */
const rejoinTypes = new Set([
  "REBALANCE_IN_PROGRESS",
  "ILLEGAL_GENERATION",
  "NOT_COORDINATOR_FOR_GROUP",
  "UNKNOWN_MEMBER_ID",
]);

type ProtocolErrorClass = new (error: Error & { type: string; code: number; retriable: boolean }) => Error;

export class KafkajsGroupConsumer implements GroupConsumer {
  private readonly consumer: Consumer;
  private readonly options: GroupConsumerOptions;
  private readonly protocolError: ProtocolErrorClass;
  /**
   * Set by rejoin() or a heartbeat that found a rebalance (its own error, which kafkajs's
   * runner knows how to rejoin from): thrown from the batch handler under way or the next.
   */
  private rejoinError: unknown;
  private memberId = "";
  private starting: Promise<void> | undefined;

  constructor(kafka: Kafka, options: GroupConsumerOptions, protocolError: ProtocolErrorClass) {
    this.options = options;
    this.protocolError = protocolError;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      maxWaitTimeInMs: options.maxWaitMs ?? 500,
    });
  }

  start(handlers: GroupHandlers): Promise<void> {
    this.starting ??= this.run(handlers);
    return this.starting;
  }

  seek({ topic, partition, offset }: PartitionOffset): void {
    this.consumer.seek({ topic, partition, offset: offset.toString() });
  }

  rejoin(): void {
    this.rejoinError ??= new this.protocolError(
      Object.assign(new Error(`group ${this.options.groupId}: rejoining, as asked`), {
        type: "REBALANCE_IN_PROGRESS",
        code: 27,
        retriable: true,
      }),
    );
  }

  groupMetadata(): ConsumerGroupMetadata {
    // kafkajs tells no generation, and its TxnOffsetCommit carries none (no KIP-447).
    return { groupId: this.options.groupId, ...(this.memberId === "" ? {} : { memberId: this.memberId }) };
  }

  async close(): Promise<void> {
    // kafkajs cannot stop a consumer that is still joining: let it finish first.
    await this.starting?.catch(() => {});
    try {
      // Waits for the batch handlers to return.
      await this.consumer.disconnect();
    } catch (error) {
      throw fromKafkajs(`leaving group ${this.options.groupId}`, error);
    }
  }

  private async run(handlers: GroupHandlers): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.memberId = payload.memberId;
      this.rejoinError = undefined;
      const partitions: TopicPartition[] = [];
      for (const [topic, list] of Object.entries(payload.memberAssignment)) {
        for (const partition of [...list].sort((a, b) => a - b)) partitions.push({ topic, partition });
      }
      handlers.assigned({ memberId: payload.memberId, partitions });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts the consumer itself after a retriable crash; the join that follows
      // tells the assignment again.
      if (!payload.restart)
        handlers.failed(fromKafkajs(`the consumer of group ${this.options.groupId}`, payload.error));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.startAt === "earliest",
      });
      await consumer.run({
        // Offsets are committed only inside the caller's transactions.
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.concurrency,
        eachBatch: (payload) => this.onBatch(payload, handlers),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw fromKafkajs(`joining group ${this.options.groupId}`, error);
    }
  }

  private async onBatch(payload: EachBatchPayload, handlers: GroupHandlers): Promise<void> {
    this.throwIfRejoining();
    const { batch } = payload;
    const next = await handlers.batch({
      topic: batch.topic,
      partition: batch.partition,
      records: batch.messages.map((message) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: BigInt(message.offset),
        key: message.key ?? null,
        value: message.value ?? null,
        headers: fromKafkajsMessage(message),
        timestamp: Number(message.timestamp),
      })),
      // Past a transaction marker that may end the batch.
      nextOffset: BigInt(batch.lastOffset()) + 1n,
      heartbeat: () => this.heartbeat(payload),
    });
    if (next !== undefined && next > BigInt(batch.firstOffset() ?? batch.lastOffset())) {
      payload.resolveOffset((next - 1n).toString());
    }
    this.throwIfRejoining();
  }

  private async heartbeat(payload: EachBatchPayload): Promise<"ok" | "rejoin"> {
    if (this.rejoinError !== undefined) return "rejoin";
    try {
      await payload.heartbeat();
      return "ok";
    } catch (error) {
      if (!protocolTypes(error).some((type) => rejoinTypes.has(type))) {
        throw fromKafkajs(`a heartbeat of group ${this.options.groupId}`, error);
      }
      this.rejoinError ??= error;
      return "rejoin";
    }
  }

  private throwIfRejoining(): void {
    if (this.rejoinError !== undefined) throw this.rejoinError;
  }
}
