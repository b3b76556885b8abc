import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ProcessResponseSchema, ProcessResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import type { ConsumedRecord } from "@onceport/kafka";
import type { Consumer, EachBatchPayload } from "kafkajs";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import type { PlannedRecord } from "../publish/record-plan.ts";
import { batchTrace, traceBatch } from "../telemetry/batch-trace.ts";
import { awaitAnswer } from "./answer-wait.ts";
import { chunkRecords, consumedRecord, maxMessageBytes } from "./consumed-record.ts";
import {
  groupConsumer,
  heartbeatIntervalMs,
  needsRejoin,
  partitionKey,
  resyncError,
} from "./group-consumer.ts";
import type { JoinSpec } from "./join-spec.ts";
import { fromKafkajsMessage } from "./kafkajs-records.ts";
import { OpenBatch } from "./open-batch.ts";
import { planOutputs } from "./output-plan.ts";
import { type HeldPartition, takeOver } from "./partition-takeover.ts";
import type { ConsumerEnvironment } from "./process-environment.ts";

export type ProcessResponseInit = MessageInitShape<typeof ProcessResponseSchema>;

/** Where a session's messages to its worker go. */
export interface WorkerChannel {
  send(response: ProcessResponseInit): void;
  /** Ends the stream: with the error's status, or OK. */
  end(error?: OnceportError): void;
}

type State = "starting" | "running" | "draining" | "closing";

/**
 * One worker in a consumer group, through this gateway: a kafkajs consumer of
 * the group (so partitions spread over all workers, on all gateways), and a
 * transactional producer per partition it holds.
 *
 * Each batch goes to the worker; its answer is written with the batch's input
 * offset in one transaction of the partition's producer, then acknowledged.
 * No Kafka transaction is open while the worker thinks, so an unanswered batch
 * leaves nothing to abort: it is dropped, and the partition re-reads from the
 * group's committed offset. Exactly-once rests on the producers, not on group
 * membership: whoever takes a partition initialises its transactional.id
 * (fencing every earlier owner and settling its transaction) before reading
 * the committed offset, so a zombie, worker or gateway, can never commit
 * outputs or offsets of a partition it lost.
 */
export class WorkerSession {
  private state: State = "starting";
  private consumer: Consumer | undefined;
  private started: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly held = new Map<string, HeldPartition>();
  private readonly open = new Map<string, OpenBatch>();
  /** A heartbeat's rebalance error: thrown from eachBatch once open batches are done, so kafkajs rejoins. */
  private rejoinError: unknown;
  /** Open batches not answered by then are revoked (a rebalance, a stop or the worker's end). */
  private graceDeadline: number | undefined;
  private batchCount = 0;
  private readonly tag = randomUUID().slice(0, 8);
  private readonly onClosed = new Set<() => void>();
  private readonly heartbeatMs: number;
  private readonly logger: Logger;

  readonly spec: JoinSpec;
  private readonly env: ConsumerEnvironment;
  private readonly channel: WorkerChannel;

  constructor(spec: JoinSpec, env: ConsumerEnvironment, channel: WorkerChannel) {
    this.spec = spec;
    this.env = env;
    this.channel = channel;
    this.heartbeatMs = heartbeatIntervalMs(env.process.sessionTimeoutMs);
    this.logger = env.logger.child({ component: "process", group: spec.group, workerId: spec.workerId });
  }

  whenClosed(listener: () => void): void {
    this.onClosed.add(listener);
  }

  /** Joins the group and starts delivering batches; resolves once the first join is done. */
  start(): Promise<void> {
    this.started ??= this.run();
    return this.started;
  }

  /** A result from the worker. */
  onResult(result: ProcessResult): void {
    const batch = this.open.get(result.batchId);
    if (batch?.answer(result)) return;
    this.reject(
      result.batchId,
      new OnceportError(
        "BATCH_REVOKED",
        batch
          ? `batch ${result.batchId} was answered already`
          : `batch ${result.batchId} is not open: a rebalance or a shutdown took it back, or it was never delivered`,
      ),
    );
  }

  /**
   * Stops delivering; open batches may still be answered and committed within
   * `graceMs`, the rest are revoked; then the session closes, ending the stream
   * with `ending` (or OK).
   */
  async drain(graceMs: number, ending?: OnceportError): Promise<void> {
    if (this.state === "starting" || this.state === "running") {
      this.state = "draining";
      const deadline = Date.now() + graceMs;
      this.graceDeadline = Math.min(this.graceDeadline ?? deadline, deadline);
      while (this.open.size > 0 && Date.now() < deadline + 30_000) await sleep(20);
    }
    await this.close(ending);
  }

  /** Ends the session at once: open batches are dropped, the consumer leaves the group. */
  close(error?: OnceportError): Promise<void> {
    this.closing ??= (async () => {
      this.state = "closing";
      for (const batch of this.open.values()) batch.withdraw();
      // kafkajs cannot stop a consumer that is still joining: let it finish first.
      await this.started?.catch(() => {});
      try {
        // Waits for eachBatch calls to return: no commit is under way after this.
        await this.consumer?.disconnect();
      } catch (failure) {
        this.logger.warn({ err: failure }, "the worker's consumer did not disconnect cleanly");
      }
      await Promise.all([...this.held.values()].map((held) => held.producer?.release()));
      this.held.clear();
      this.logger.info({ reason: error?.reason ?? "OK" }, "worker left");
      this.channel.end(error);
      for (const listener of this.onClosed) listener();
    })();
    return this.closing;
  }

  private fail(error: OnceportError): void {
    this.close(error).catch(() => {});
  }

  private async run(): Promise<void> {
    const consumer = groupConsumer(this.env.kafka, this.spec.group, {
      sessionTimeoutMs: this.env.process.sessionTimeoutMs,
      rebalanceGraceMs: this.env.process.rebalanceGraceMs,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned(payload.memberId, payload.memberAssignment);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) {
        this.logger.warn({ err: payload.error }, "the worker's consumer failed; kafkajs restarts it");
      } else {
        this.fail(kafkaFailure("the worker's consumer stopped", payload.error));
      }
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.spec.topics], fromBeginning: !this.spec.startAtLatest });
      if (this.state !== "starting") return;
      this.state = "running";
      await consumer.run({
        // Offsets are committed only inside the transactions, with the outputs.
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.spec.maxInFlightBatches,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (error) {
      throw kafkaFailure(`joining group ${this.spec.group}`, error);
    }
  }

  /** GROUP_JOIN: no eachBatch is running now; every held partition must be taken over again. */
  private assigned(memberId: string, assignment: Record<string, number[]>): void {
    const assigned = new Map<string, { topic: string; partition: number }>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) assigned.set(partitionKey(topic, partition), { topic, partition });
    }
    for (const [key, held] of this.held) {
      if (assigned.has(key)) continue;
      // Its new owner's producer fences this one anyway; nothing is open on it.
      this.held.delete(key);
      held.producer?.release().catch(() => {});
    }
    for (const [key, { topic, partition }] of assigned) {
      const held = this.held.get(key) ?? { topic, partition, producer: undefined, ready: false };
      // Kept producers stay (a fenced one fails its next commit and is replaced),
      // but the offset is read again: the group may have moved on without us.
      held.ready = false;
      this.held.set(key, held);
    }
    this.rejoinError = undefined;
    if (this.state === "running") this.graceDeadline = undefined;
    const partitions = Object.entries(assignment).map(([topic, list]) => ({
      topic,
      partitions: [...list].sort((a, b) => a - b),
    }));
    this.logger.info({ memberId, partitions }, "worker assigned");
    this.channel.send({ kind: { case: "assignment", value: { memberId, partitions } } });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // Not delivered and not resolved: its records are read again by whoever holds the partition.
    if (this.state !== "running") return;
    if (this.rejoinError !== undefined) throw this.rejoinError;
    const held = this.held.get(partitionKey(batch.topic, batch.partition));
    if (!held) return;
    if (!held.ready) {
      await this.takeOver(held);
      return;
    }
    const records = batch.messages.map((message) =>
      fromKafkajsMessage(batch.topic, batch.partition, message),
    );
    const chunks = chunkRecords(records, this.spec.maxBatchRecords, maxMessageBytes);
    for (const [index, messages] of chunks.entries()) {
      if (this.state !== "running") return;
      if (this.rejoinError !== undefined) throw this.rejoinError;
      // The batch's last offset may lie past its last record (a transaction
      // marker): committing past it saves reading the marker again.
      const lastOffset = index === chunks.length - 1 ? batch.lastOffset() : String(lastOf(messages).offset);
      const committed = await this.process(held, messages, BigInt(lastOffset) + 1n, payload.heartbeat);
      if (!committed) break;
      payload.resolveOffset(lastOffset);
      await this.beat(payload.heartbeat);
    }
    if (this.rejoinError !== undefined && this.state === "running") throw this.rejoinError;
  }

  /**
   * Takes the partition over before anything of it is delivered. kafkajs
   * fetched this batch from a position it read earlier, and does not rewind
   * after an abort by itself (KAFKA-17582): the batch is dropped, the next
   * fetch starts at the seek.
   */
  private async takeOver(held: HeldPartition): Promise<void> {
    const { topic, partition } = held;
    const consumer = this.consumer;
    if (!consumer) return;
    try {
      const group = { id: this.spec.group, startAtLatest: this.spec.startAtLatest };
      const next = await takeOver(held, group, consumer, this.env);
      this.logger.debug({ topic, partition, next: next.toString() }, "partition taken over");
    } catch (error) {
      this.logger.warn({ err: error, topic, partition }, "taking over a partition failed; retrying");
      await sleep(1_000);
    }
  }

  /** Delivers one batch and commits its answer; true once committed. */
  private async process(
    held: HeldPartition,
    messages: ConsumedRecord[],
    nextOffset: bigint,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const { topic, partition } = held;
    const batch = new OpenBatch(`${this.tag}-${++this.batchCount}`, topic, partition, messages, nextOffset);
    this.open.set(batch.id, batch);
    // A consumer span per record, continuing its producer's trace, until the batch ends.
    const traced = traceBatch(batch, this.spec);
    try {
      this.channel.send({
        kind: {
          case: "batch",
          value: {
            batchId: batch.id,
            topic,
            partition,
            records: traced.fill(messages.map((message) => consumedRecord(message))),
          },
        },
      });
      const waited = await awaitAnswer(batch, {
        leaseMs: this.env.process.leaseMs,
        heartbeatMs: this.heartbeatMs,
        graceDeadline: () => this.graceDeadline,
        beat: () => this.beat(heartbeat),
      });
      switch (waited.kind) {
        case "withdrawn":
          return false;
        case "expired": {
          const expired = new OnceportError(
            "BATCH_LEASE_EXPIRED",
            `batch ${batch.id} was not answered within ${this.env.process.leaseMs} ms: it was dropped and the worker left the group; join again`,
          );
          this.logger.warn({ batchId: batch.id, topic, partition }, "batch lease expired");
          this.reject(batch.id, expired);
          this.fail(expired);
          return false;
        }
        case "revoked":
          this.reject(
            batch.id,
            new OnceportError(
              "BATCH_REVOKED",
              `batch ${batch.id} was not answered before a rebalance or a stop took it back; its records are delivered again`,
            ),
          );
          return false;
        default:
          return await this.commit(held, batch, waited.result);
      }
    } finally {
      this.open.delete(batch.id);
      traced.end();
    }
  }

  private async commit(held: HeldPartition, batch: OpenBatch, result: ProcessResult): Promise<boolean> {
    let outputs: PlannedRecord[];
    try {
      outputs = await planOutputs(
        result.outputs,
        {
          group: this.spec.group,
          workerId: this.spec.workerId,
          topic: batch.topic,
          partition: batch.partition,
          inputOffsets: batch.inputOffsets,
        },
        this.env.catalog,
        this.env.limits,
      );
    } catch (error) {
      const refusal = OnceportError.from(error);
      this.reject(batch.id, refusal);
      held.ready = false;
      // A result that can never be written ends the stream: the worker is broken.
      if (!refusal.retriable) this.fail(refusal);
      return false;
    }
    const producer = held.producer;
    if (!producer) {
      // Cannot happen (a ready partition has its producer); never commit without one.
      this.reject(
        batch.id,
        new OnceportError("INTERNAL", `the partition of batch ${batch.id} has no producer`),
      );
      held.ready = false;
      return false;
    }
    try {
      batchTrace(batch)?.committing(outputs, result.outputs, producer.transactionalId);
      const results = await producer.commit(outputs, {
        group: this.spec.group,
        topic: batch.topic,
        partition: batch.partition,
        nextOffset: batch.nextOffset,
      });
      this.channel.send({
        kind: { case: "ack", value: { batchId: batch.id, results, nextOffset: batch.nextOffset } },
      });
      batchTrace(batch)?.committed(results);
      return true;
    } catch (error) {
      const failure = OnceportError.from(error);
      this.reject(batch.id, failure);
      // Before anything else of this partition: seek back to the group's
      // committed offset (after a lost commit answer, a new producer settles it).
      held.ready = false;
      if (failure.reason === "PRODUCER_FENCED") {
        this.logger.warn(
          { topic: batch.topic, partition: batch.partition },
          "another owner fenced this partition's producer; rejoining the group",
        );
        held.producer = undefined;
        await producer.release();
        // Learn the group's current assignment before taking the partition
        // again, or two owners would fence each other back and forth.
        this.rejoinError ??= resyncError(batch.topic, batch.partition);
      }
      return false;
    }
  }

  /** A heartbeat; a rebalance it reveals gives open batches the grace, then kafkajs rejoins. */
  private async beat(heartbeat: () => Promise<void>): Promise<void> {
    try {
      await heartbeat();
    } catch (error) {
      if (!needsRejoin(error)) {
        this.logger.debug({ err: error }, "heartbeat failed");
        return;
      }
      if (this.rejoinError === undefined) {
        this.rejoinError = error;
        this.logger.info("the group is rebalancing: open batches get the grace period");
      }
      this.graceDeadline ??= Date.now() + this.env.process.rebalanceGraceMs;
    }
  }

  private reject(batchId: string, error: OnceportError): void {
    batchTrace(this.open.get(batchId))?.rejected(error);
    this.channel.send({
      kind: {
        case: "rejected",
        value: { batchId, code: error.code, reason: error.reason, message: error.message },
      },
    });
  }
}

function lastOf(messages: readonly ConsumedRecord[]): ConsumedRecord {
  const last = messages[messages.length - 1];
  if (!last) throw new Error("an empty batch");
  return last;
}
