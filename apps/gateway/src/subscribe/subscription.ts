import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import type { ServerWritableStream } from "@grpc/grpc-js";
import { type SubscribeResponse, SubscribeResponseSchema } from "@onceport/api";
import { type OnceportError, toGrpcStatus } from "@onceport/errors";
import type { Consumer, EachBatchPayload, KafkaMessage } from "kafkajs";
import { asReportedError } from "../grpc/unary-handler.ts";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import { chunkMessages, consumedRecord, maxMessageBytes } from "../process/consumed-record.ts";
import { groupConsumer, heartbeatIntervalMs, needsRejoin, partitionKey } from "../process/group-consumer.ts";
import type { ConsumerEnvironment } from "../process/process-environment.ts";
import { traceReceived } from "../telemetry/receive-spans.ts";
import { encodePosition, type PartitionPosition } from "./position-token.ts";

export type SubscribeCall = ServerWritableStream<Buffer, SubscribeResponse>;

/** Most records in one response. */
const maxRecordsPerResponse = 1_000;

export interface SubscriptionSpec {
  readonly topics: readonly string[];
  /** Positions to resume from; the other partitions start at their earliest or latest offset. */
  readonly positions: readonly PartitionPosition[];
  readonly startAtLatest: boolean;
}

/**
 * One Subscribe call: read_committed records of some topics, each response
 * with a token of the position after it in every partition.
 *
 * kafkajs has no assign(): the subscription is the only member of a consumer
 * group of its own (a fresh group id, never committed to, deleted at the end),
 * so it is assigned every partition, and seeks each to its position whenever
 * the group (re)assigns it. The positions are the subscription's own,
 * advanced as responses are handed to gRPC, so a rejoin (a session timeout
 * while the reader was slow) resumes exactly there.
 */
export class Subscription {
  private consumer: Consumer | undefined;
  private started: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Set when closing starts: nothing more is written. */
  private stopped = false;
  private readonly positions = new Map<string, PartitionPosition>();
  private readonly groupId: string;
  private readonly onClosed = new Set<() => void>();
  private readonly logger: Logger;

  private readonly call: SubscribeCall;
  private readonly spec: SubscriptionSpec;
  private readonly env: ConsumerEnvironment;

  constructor(call: SubscribeCall, spec: SubscriptionSpec, env: ConsumerEnvironment) {
    this.call = call;
    this.spec = spec;
    this.env = env;
    this.groupId = `${env.transactionalIdPrefix}subscribe-${randomUUID()}`;
    this.logger = env.logger.child({ component: "subscribe", groupId: this.groupId });
    for (const position of spec.positions) {
      this.positions.set(partitionKey(position.topic, position.partition), position);
    }
  }

  whenClosed(listener: () => void): void {
    this.onClosed.add(listener);
  }

  start(): Promise<void> {
    this.started ??= this.run();
    return this.started;
  }

  drain(_graceMs: number, ending: OnceportError): Promise<void> {
    return this.close(ending);
  }

  close(error?: OnceportError): Promise<void> {
    this.stopped = true;
    this.closing ??= (async () => {
      await this.started?.catch(() => {});
      try {
        await this.consumer?.disconnect();
        // The group was this call's alone; it holds no offsets.
        await this.env.admin.deleteGroups([this.groupId]);
      } catch (failure) {
        this.logger.debug({ err: failure }, "cleaning up a subscription's group failed");
      }
      if (!this.call.cancelled) {
        if (error)
          this.call.emit("error", toGrpcStatus(asReportedError(error, this.call.getPath(), this.logger)));
        else this.call.end();
      }
      for (const listener of this.onClosed) listener();
    })();
    return this.closing;
  }

  private async run(): Promise<void> {
    try {
      const placedAtLatest = await this.placeUnpositioned();
      if (placedAtLatest > 0 && this.spec.startAtLatest && !this.call.cancelled) {
        // The position at once, before any record: a reader that drops before the first
        // records resumes from here, not from a later "latest", so it misses nothing.
        this.call.write(
          create(SubscribeResponseSchema, { position: encodePosition(this.positions.values()) }),
        );
      }
      const consumer = groupConsumer(this.env.kafka, this.groupId, {
        sessionTimeoutMs: this.env.process.sessionTimeoutMs,
        rebalanceGraceMs: 0,
      });
      this.consumer = consumer;
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          for (const partition of partitions) {
            const position = this.positions.get(partitionKey(topic, partition));
            if (position) consumer.seek({ topic, partition, offset: position.nextOffset.toString() });
          }
        }
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) {
          this.close(kafkaFailure("the subscription's consumer stopped", payload.error)).catch(() => {});
        }
      });
      await consumer.connect();
      // Partitions it knows no position of (added since the start) are read from the beginning.
      await consumer.subscribe({ topics: [...this.spec.topics], fromBeginning: true });
      if (this.stopped) return;
      await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
    } catch (error) {
      throw kafkaFailure("starting a subscription", error);
    }
  }

  /**
   * Every partition gets a position at the start, so every token is complete and a resume
   * has no gap. How many had none (placed at their earliest or latest offset).
   */
  private async placeUnpositioned(): Promise<number> {
    let placed = 0;
    for (const topic of this.spec.topics) {
      for (const bounds of await this.env.admin.fetchTopicOffsets(topic)) {
        const key = partitionKey(topic, bounds.partition);
        if (this.positions.has(key)) continue;
        const nextOffset = BigInt(this.spec.startAtLatest ? bounds.high : bounds.low);
        this.positions.set(key, { topic, partition: bounds.partition, nextOffset });
        placed++;
      }
    }
    return placed;
  }

  private async onBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const chunks = chunkMessages(batch.messages, maxRecordsPerResponse, maxMessageBytes);
    for (const [index, messages] of chunks.entries()) {
      if (this.stopped || this.call.cancelled) return;
      // Past a transaction marker that ends the batch, when there is one.
      const lastOffset = index === chunks.length - 1 ? batch.lastOffset() : lastOf(messages).offset;
      this.positions.set(partitionKey(topic, partition), {
        topic,
        partition,
        nextOffset: BigInt(lastOffset) + 1n,
      });
      const flowing = this.call.write(
        create(SubscribeResponseSchema, {
          // A receive span per record; its traceparent lets the reader continue the trace.
          records: traceReceived(
            { topic, partition, group: this.groupId },
            messages,
            messages.map((message) => consumedRecord(topic, partition, message)),
          ),
          position: encodePosition(this.positions.values()),
        }),
      );
      resolveOffset(lastOffset);
      if (!flowing) await this.drained(heartbeat);
    }
  }

  /** Waits for a slow reader (HTTP/2 flow control), heartbeating meanwhile. */
  private async drained(heartbeat: () => Promise<void>): Promise<void> {
    const intervalMs = heartbeatIntervalMs(this.env.process.sessionTimeoutMs);
    for (;;) {
      if (this.stopped || this.call.cancelled) return;
      const timer = new AbortController();
      const drained = await Promise.race([
        once(this.call, "drain", { signal: timer.signal }).then(
          () => true,
          () => false,
        ),
        sleep(intervalMs).then(() => false),
      ]);
      timer.abort();
      if (drained) return;
      try {
        await heartbeat();
      } catch (error) {
        // kafkajs rejoins; the join seeks every partition back to this subscription's positions.
        if (needsRejoin(error)) throw error;
      }
    }
  }
}

function lastOf(messages: readonly KafkaMessage[]): KafkaMessage {
  const last = messages[messages.length - 1];
  if (!last) throw new Error("an empty batch");
  return last;
}
