import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ProcessResponseSchema, ProcessResult } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import {
  type ConsumedRecord,
  type GroupAssignment,
  type GroupBatch,
  type GroupConsumer,
  partitionKey,
} from "@onceport/kafka";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import type { Logger } from "../logger.ts";
import { batchTrace, traceBatch } from "../telemetry/batch-trace.ts";
import { awaitAnswer } from "./answer-wait.ts";
import { chunkRecords, consumedRecord, maxMessageBytes } from "./consumed-record.ts";
import type { JoinSpec } from "./join-spec.ts";
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
 * One worker in a consumer group, through this gateway: a member of the group
 * (so partitions spread over all workers, on all gateways), and a
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
  private consumer: GroupConsumer | undefined;
  private started: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly held = new Map<string, HeldPartition>();
  private readonly open = new Map<string, OpenBatch>();
  /** A rebalance (or a fenced producer) asks for a rejoin: no batch is delivered until the next assignment. */
  private rejoining = false;
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
      // A consumer still joining is let finish first.
      await this.started?.catch(() => {});
      try {
        // Waits for the batch handlers to return: no commit is under way after this.
        await this.consumer?.close();
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
    const { sessionTimeoutMs, rebalanceGraceMs } = this.env.process;
    try {
      const consumer = await this.env.readers.groupConsumer({
        groupId: this.spec.group,
        topics: this.spec.topics,
        startAt: this.spec.startAtLatest ? "latest" : "earliest",
        sessionTimeoutMs,
        heartbeatIntervalMs: this.heartbeatMs,
        // The group waits this long for members to rejoin: long enough for open
        // batches to finish within the grace and commit.
        rebalanceTimeoutMs: Math.max(60_000, rebalanceGraceMs + 30_000),
        concurrency: this.spec.maxInFlightBatches,
        // Fetches return quickly when there is nothing new, so heartbeats (and with
        // them rebalances) are never far off.
        maxWaitMs: 500,
      });
      this.consumer = consumer;
      if (this.state !== "starting") return;
      this.state = "running";
      await consumer.start({
        assigned: (assignment) => this.assigned(assignment),
        batch: (batch) => this.onBatch(batch),
        failed: (error) => this.fail(kafkaFailure("the worker's consumer stopped", error)),
      });
    } catch (error) {
      throw kafkaFailure(`joining group ${this.spec.group}`, error);
    }
  }

  /** After every join: no batch is being handled; every held partition must be taken over again. */
  private assigned({ memberId, partitions: list }: GroupAssignment): void {
    const assigned = new Map<string, { topic: string; partition: number }>();
    for (const { topic, partition } of list)
      assigned.set(partitionKey(topic, partition), { topic, partition });
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
    this.rejoining = false;
    if (this.state === "running") this.graceDeadline = undefined;
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of list) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const partitions = [...byTopic].map(([topic, numbers]) => ({
      topic,
      partitions: numbers.sort((a, b) => a - b),
    }));
    this.logger.info({ memberId, partitions }, "worker assigned");
    this.channel.send({ kind: { case: "assignment", value: { memberId, partitions } } });
  }

  /** One fetched batch; the offset to read its partition from next (undefined: from a seek or again). */
  private async onBatch(batch: GroupBatch): Promise<bigint | undefined> {
    // Not delivered: its records are read again by whoever holds the partition.
    if (this.state !== "running" || this.rejoining) return undefined;
    const held = this.held.get(partitionKey(batch.topic, batch.partition));
    if (!held) return undefined;
    if (!held.ready) {
      await this.takeOver(held);
      return undefined;
    }
    const chunks = chunkRecords(batch.records, this.spec.maxBatchRecords, maxMessageBytes);
    let next: bigint | undefined;
    for (const [index, messages] of chunks.entries()) {
      if (this.state !== "running" || this.rejoining) break;
      // The batch's end may lie past its last record (a transaction marker):
      // committing past it saves reading the marker again.
      const nextOffset = index === chunks.length - 1 ? batch.nextOffset : lastOf(messages).offset + 1n;
      const committed = await this.process(held, messages, nextOffset, batch);
      if (!committed) break;
      next = nextOffset;
      await this.beat(batch);
    }
    return next;
  }

  /**
   * Takes the partition over before anything of it is delivered. This batch
   * was fetched from a position read earlier, and a consumer does not rewind
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
    fetched: GroupBatch,
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
        beat: () => this.beat(fetched),
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
        group: this.consumer?.groupMetadata() ?? { groupId: this.spec.group },
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
        this.rejoining = true;
        this.consumer?.rejoin();
      }
      return false;
    }
  }

  /** A heartbeat; a rebalance it reveals gives open batches the grace, then the consumer rejoins. */
  private async beat(batch: GroupBatch): Promise<void> {
    try {
      if ((await batch.heartbeat()) === "ok") return;
    } catch (error) {
      this.logger.debug({ err: error }, "heartbeat failed");
      return;
    }
    if (!this.rejoining) {
      this.rejoining = true;
      this.logger.info("the group is rebalancing: open batches get the grace period");
    }
    this.graceDeadline ??= Date.now() + this.env.process.rebalanceGraceMs;
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

/** How often the consumer heartbeats, also while it waits for a worker or a slow reader. */
function heartbeatIntervalMs(sessionTimeoutMs: number): number {
  // A third of the session timeout, as Kafka advises; at most a second, so a
  // rebalance is noticed quickly and open batches get most of the grace.
  return Math.max(100, Math.min(1_000, Math.floor(sessionTimeoutMs / 3)));
}

function lastOf(messages: readonly ConsumedRecord[]): ConsumedRecord {
  const last = messages[messages.length - 1];
  if (!last) throw new Error("an empty batch");
  return last;
}
