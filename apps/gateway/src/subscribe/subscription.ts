import { once } from "node:events";
import { create } from "@bufbuild/protobuf";
import type { ServerWritableStream } from "@grpc/grpc-js";
import { type SubscribeResponse, SubscribeResponseSchema } from "@onceport/api";
import { type OnceportError, toGrpcStatus } from "@onceport/errors";
import { type ConsumedBatch, type PartitionReader, partitionKey } from "@onceport/kafka";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import { chunkRecords, consumedRecord, maxMessageBytes } from "../process/consumed-record.ts";
import type { ConsumerEnvironment } from "../process/process-environment.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import { traceReceived } from "../telemetry/receive-spans.ts";
import { encodePosition, type PartitionPosition } from "./position-token.ts";

export type SubscribeCall = ServerWritableStream<Buffer, SubscribeResponse>;

/** Most records in one response. */
const maxRecordsPerResponse = 1_000;
/** How long one poll of the reader waits for records before it looks at the call again. */
const pollWaitMs = 500;

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
 * A reader of the Kafka layer reads the partitions from the subscription's own positions,
 * outside any consumer group; the positions advance as responses are handed to gRPC, and
 * the reader waits while the caller does not read (HTTP/2 flow control), so a slow reader
 * holds nothing but its own call.
 */
export class Subscription {
  private reader: PartitionReader | undefined;
  private started: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Set when closing starts: nothing more is written. */
  private stopped = false;
  private readonly positions = new Map<string, PartitionPosition>();
  private readonly logger: Logger;
  /** The subscription's name in traces (it has no consumer group). */
  private readonly name: string;
  private readonly onClosed = new Set<() => void>();

  private readonly call: SubscribeCall;
  private readonly spec: SubscriptionSpec;
  private readonly env: ConsumerEnvironment;

  constructor(call: SubscribeCall, spec: SubscriptionSpec, env: ConsumerEnvironment) {
    this.call = call;
    this.spec = spec;
    this.env = env;
    this.name = `${env.transactionalIdPrefix}subscribe`;
    this.logger = env.logger.child({ component: "subscribe" });
    for (const position of spec.positions) {
      this.positions.set(partitionKey(position.topic, position.partition), position);
    }
  }

  whenClosed(listener: () => void): void {
    this.onClosed.add(listener);
  }

  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  drain(_graceMs: number, ending: OnceportError): Promise<void> {
    return this.close(ending);
  }

  close(error?: OnceportError): Promise<void> {
    this.stopped = true;
    this.closing ??= (async () => {
      await this.started?.catch(() => {});
      await this.reading?.catch(() => {});
      try {
        await this.reader?.close();
      } catch (failure) {
        this.logger.debug({ err: failure }, "closing a subscription's reader failed");
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

  private reading: Promise<void> | undefined;

  private async open(): Promise<void> {
    try {
      const placedAtLatest = await this.placeUnpositioned();
      if (placedAtLatest > 0 && this.spec.startAtLatest && !this.call.cancelled) {
        // The position at once, before any record: a reader that drops before the first
        // records resumes from here, not from a later "latest", so it misses nothing.
        this.call.write(
          create(SubscribeResponseSchema, { position: encodePosition(this.positions.values()) }),
        );
      }
      if (this.stopped) return;
      const reader = await this.env.readers.reader({ isolation: "read_committed" });
      this.reader = reader;
      await reader.assign(
        [...this.positions.values()].map(({ topic, partition, nextOffset }) => ({
          topic,
          partition,
          offset: nextOffset,
        })),
      );
      this.reading = this.read(reader);
    } catch (error) {
      throw kafkaFailure("starting a subscription", error);
    }
  }

  /** Reads and answers until the call or the gateway ends it; a Kafka failure ends the call. */
  private async read(reader: PartitionReader): Promise<void> {
    try {
      while (!this.stopped && !this.call.cancelled) {
        for (const batch of await reader.poll(pollWaitMs)) {
          await this.answer(batch);
          if (this.stopped || this.call.cancelled) return;
        }
      }
    } catch (error) {
      if (!this.stopped) this.close(kafkaFailure("the subscription's reader stopped", error)).catch(() => {});
    }
  }

  /**
   * Every partition gets a position at the start, so every token is complete and a resume
   * has no gap. How many had none (placed at their earliest or latest offset).
   */
  private async placeUnpositioned(): Promise<number> {
    const described = await this.env.kafkaAdmin.describeTopics(this.spec.topics);
    const unpositioned = described.flatMap((topic) =>
      topic.partitions
        .map((partition) => ({ topic: topic.topic, partition: partition.partition }))
        .filter(({ topic, partition }) => !this.positions.has(partitionKey(topic, partition))),
    );
    if (unpositioned.length === 0) return 0;
    const offsets = await this.env.kafkaAdmin.listOffsets(
      unpositioned,
      this.spec.startAtLatest ? "latest" : "earliest",
      "read_committed",
    );
    for (const { topic, partition, offset } of offsets) {
      this.positions.set(partitionKey(topic, partition), { topic, partition, nextOffset: offset });
    }
    return offsets.length;
  }

  private async answer(batch: ConsumedBatch): Promise<void> {
    const { topic, partition } = batch;
    const key = partitionKey(topic, partition);
    const chunks = chunkRecords(batch.records, maxRecordsPerResponse, maxMessageBytes);
    if (chunks.length === 0) {
      // Only what read_committed skips (aborted records, markers): the next answer tells it.
      this.positions.set(key, { topic, partition, nextOffset: batch.nextOffset });
      return;
    }
    for (const [index, records] of chunks.entries()) {
      if (this.stopped || this.call.cancelled) return;
      // Past a transaction marker that ends the batch, when there is one.
      const nextOffset = index === chunks.length - 1 ? batch.nextOffset : lastOffsetOf(records) + 1n;
      this.positions.set(key, { topic, partition, nextOffset });
      const flowing = this.call.write(
        create(SubscribeResponseSchema, {
          // A receive span per record; its traceparent lets the reader continue the trace.
          records: traceReceived(
            { topic, partition, group: this.name },
            records,
            records.map((record) => consumedRecord(record)),
          ),
          position: encodePosition(this.positions.values()),
        }),
      );
      if (!flowing) await this.drained();
    }
  }

  /** Waits for a slow reader (HTTP/2 flow control) or the end of the call. */
  private async drained(): Promise<void> {
    if (this.stopped || this.call.cancelled) return;
    const ended = new AbortController();
    await Promise.race([
      once(this.call, "drain", { signal: ended.signal }).catch(() => undefined),
      once(this.call, "cancelled", { signal: ended.signal }).catch(() => undefined),
      once(this.call, "close", { signal: ended.signal }).catch(() => undefined),
    ]);
    ended.abort();
  }
}

function lastOffsetOf(records: readonly { offset: bigint }[]): bigint {
  const last = records[records.length - 1];
  if (!last) throw new Error("an empty chunk");
  return last.offset;
}
