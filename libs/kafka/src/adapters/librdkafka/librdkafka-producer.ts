// Onceport's TransactionalProducer on librdkafka's Producer (the node-rdkafka-style API).
// librdkafka's rules, kept here: one transaction at a time; initTransactions fences every
// earlier producer of the id; after a fatal error (fencing) every call fails, with ERR__FATAL
// alone, so the first fatal error is remembered and reported again.
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaClientOptions } from "../../client.ts";
import type { KafkaError } from "../../kafka-error.ts";
import type {
  ConsumerGroupMetadata,
  KafkaTransaction,
  TransactionalProducer,
  TransactionalProducerOptions,
} from "../../producer.ts";
import type { OutgoingRecord, PartitionOffset, PartitionRecords, SentBatch } from "../../records.ts";
import { AuthenticationWatch } from "./authentication-watch.ts";
import { settle } from "./callback-promise.ts";
import { deliveryTarget, FirstRecord, PendingSend } from "./delivery-reports.ts";
import { FencingCheck } from "./fencing-check.ts";
import { GroupMetadataConsumers } from "./group-metadata-consumers.ts";
import { commonConfig } from "./librdkafka-config.ts";
import {
  fromLibrdkafka,
  isGroupFencing,
  isQueueFull,
  producerFencing,
  refused,
} from "./librdkafka-errors.ts";
import { toRdkafkaHeaders } from "./librdkafka-headers.ts";
import { attachLogging } from "./librdkafka-logging.ts";
import { type Rdkafka, rdkafka } from "./librdkafka-module.ts";
import { LibrdkafkaTransaction, type TransactionHost } from "./librdkafka-transaction.ts";
import { withGroupMember } from "./live-group-members.ts";
import { toRdkafkaOffset } from "./offsets.ts";

/**
 * The least a transactional call (init, commit, abort, sendOffsets) may take: librdkafka
 * retries inside it (CONCURRENT_TRANSACTIONS right after an earlier commit, a coordinator
 * moving), and the KafkaJS-compatible API's fixed 5 s is too short for that on a busy broker.
 */
const minimumOperationTimeoutMs = 10_000;
/** How long close() lets queued records go out: none matter once their transaction is left. */
const closeFlushMs = 1_000;
/** How long to wait for deliveries when librdkafka's queue is full. */
const queueFullBackoffMs = 5;

export class LibrdkafkaProducer implements TransactionalProducer, TransactionHost {
  readonly transactionalId: string;
  private readonly producer: Rdkafka.Producer;
  private readonly groups: GroupMetadataConsumers;
  private readonly authentication = new AuthenticationWatch();
  private readonly fencingCheck: FencingCheck;
  /** Init, commit, abort and sendOffsets: as long as the transaction may last. */
  private readonly operationTimeoutMs: number;
  private initialising: Promise<void> | undefined;
  private current: LibrdkafkaTransaction | undefined;
  /**
   * librdkafka began the current transaction, and was not asked to commit or abort it yet: until
   * then its transaction state is never Ready (see mayAskFencing).
   */
  private inTransaction = false;
  private fatal: KafkaError | undefined;
  private closing: Promise<void> | undefined;

  /** A connected producer; Kafka hears of its transactional.id at init(). */
  static async connect(
    client: KafkaClientOptions,
    options: TransactionalProducerOptions,
  ): Promise<LibrdkafkaProducer> {
    const producer = new LibrdkafkaProducer(client, options);
    await settle<unknown>(
      (done) =>
        producer.producer.connect({ allTopics: false, timeout: client.requestTimeoutMs ?? 30_000 }, done),
      producer.failure("connecting"),
    );
    // librdkafka's background thread serves delivery reports as they come (the binding hands
    // them to the event loop at once), instead of a timer polling for them.
    producer.producer.setPollInBackground(true);
    return producer;
  }

  private constructor(client: KafkaClientOptions, options: TransactionalProducerOptions) {
    this.transactionalId = options.transactionalId;
    this.operationTimeoutMs = Math.max(options.transactionTimeoutMs, minimumOperationTimeoutMs);
    const { Producer } = rdkafka();
    const common = commonConfig(client);
    this.producer = new Producer(
      {
        ...common,
        "transactional.id": options.transactionalId,
        "transaction.timeout.ms": options.transactionTimeoutMs,
        "enable.idempotence": true,
        // Measured on one local broker (median): a record for a partition already in the
        // transaction is delivered in ~0.5 ms at linger.ms 0, ~1.7 ms at 1, ~6 ms at 5; the
        // first of a transaction (after AddPartitionsToTxn) in ~2.6 ms at 0. Records produced
        // in one loop still share batches: librdkafka fills them while a request is in flight.
        "linger.ms": 0,
        // A send to a topic missing from the metadata fails only after this (default 30 s),
        // which is meant for topics created a moment ago: createTopics waits for their leaders.
        "topic.metadata.propagation.max.ms": 5_000,
        dr_cb: true,
      },
      {
        acks: -1,
        ...(client.requestTimeoutMs === undefined ? {} : { "request.timeout.ms": client.requestTimeoutMs }),
      },
    );
    attachLogging(this.producer, client.logger, `producer ${options.transactionalId}`);
    this.producer.on("event.error", this.authentication.onClientError);
    this.producer.on("delivery-report", (error, report) => {
      const target = deliveryTarget(report.opaque);
      if (target === undefined) return;
      if (!error) target.send.delivered(target.batch, report.offset);
      else {
        void this.sendFailure(`sending to ${report.topic}/${report.partition}`, error).then((failure) =>
          target.send.fail(failure),
        );
      }
    });
    this.groups = new GroupMetadataConsumers(
      { ...common, "client.id": `${client.clientId}-offsets` },
      (consumer) => {
        attachLogging(consumer, client.logger, `group metadata consumer of ${options.transactionalId}`);
        consumer.on("event.error", this.authentication.onClientError);
      },
      (what) => this.failure(what),
    );
    this.fencingCheck = new FencingCheck(
      (done) => this.producer.beginTransaction(done),
      (error) =>
        producerFencing(`asked after a failed send (transactional.id ${this.transactionalId})`, error),
    );
  }

  init(): Promise<void> {
    this.initialising ??= settle<void>(
      (done) => this.producer.initTransactions(this.operationTimeoutMs, done),
      this.failure("initialising"),
    ).catch((error: unknown) => {
      // librdkafka lets initTransactions be called again after a retriable failure.
      this.initialising = undefined;
      throw error;
    });
    return this.initialising;
  }

  async begin(): Promise<KafkaTransaction> {
    this.ensureUsable();
    if (this.current !== undefined) {
      throw refused("transaction-state", `${this.transactionalId} already has a transaction open`);
    }
    const transaction = new LibrdkafkaTransaction(this);
    this.current = transaction;
    try {
      await this.init();
      await settle<void>(
        (done) => this.producer.beginTransaction(done),
        this.failure("beginning a transaction"),
      );
      this.inTransaction = true;
    } catch (error) {
      this.current = undefined;
      throw error;
    }
    return transaction;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  async produce(batches: readonly PartitionRecords[]): Promise<SentBatch[]> {
    this.ensureUsable();
    for (const batch of batches) checkBatch(batch);
    const pending = new PendingSend(batches);
    for (const [index, batch] of batches.entries()) {
      for (const [position, record] of batch.records.entries()) {
        const opaque = position === 0 ? new FirstRecord(pending, index) : pending;
        try {
          while (!this.produceOne(batch, record, opaque)) {
            // Queue full: wait for deliveries, unless one failed the send meanwhile.
            if (pending.finished) return pending.done;
            await sleep(queueFullBackoffMs);
          }
        } catch (error) {
          pending.abandon();
          throw await this.sendFailure(`sending to ${batch.topic}/${batch.partition}`, error);
        }
      }
    }
    return pending.done;
  }

  async sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    this.ensureUsable();
    if (offsets.length === 0) return;
    const positions = offsets.map((offset) => ({
      topic: offset.topic,
      partition: offset.partition,
      offset: toRdkafkaOffset(offset.offset),
    }));
    const what = `sending group ${group.groupId}'s offsets`;
    const send = async (consumer: Rdkafka.KafkaConsumer) => {
      await this.fencingCheck.idle();
      return settle<void>(
        (done) => this.producer.sendOffsetsToTransaction(positions, consumer, this.operationTimeoutMs, done),
        this.failure(what),
      );
    };
    if (group.memberId === undefined) return send(await this.groups.consumer(group.groupId));
    const { memberId } = group;
    await withGroupMember(group.groupId, memberId, async (member) => {
      // Metadata of another client or process: the group id is all librdkafka can send of it.
      if (member === undefined) return send(await this.groups.consumer(group.groupId));
      const current = member.membership;
      if (
        current.memberId !== memberId ||
        (group.generationId ?? current.generationId) !== current.generationId
      ) {
        // The member joined again since: librdkafka would send the new generation, which the
        // coordinator accepts, where the metadata given is one it refuses (KIP-447).
        throw refused(
          "fenced",
          `${what} (transactional.id ${this.transactionalId}): member ${memberId} of generation ` +
            `${group.generationId} is now member ${current.memberId || "(none)"} of generation ` +
            `${current.generationId}`,
        );
      }
      return send(member.consumer);
    });
  }

  async commit(): Promise<void> {
    this.ensureUsable();
    this.inTransaction = false;
    await this.fencingCheck.idle();
    await settle<void>(
      (done) => this.producer.commitTransaction(this.operationTimeoutMs, done),
      this.failure("committing"),
    );
  }

  async abort(): Promise<void> {
    this.ensureUsable();
    this.inTransaction = false;
    await this.fencingCheck.idle();
    await settle<void>(
      (done) => this.producer.abortTransaction(this.operationTimeoutMs, done),
      this.failure("aborting"),
    );
  }

  ended(transaction: LibrdkafkaTransaction): void {
    if (this.current === transaction) this.current = undefined;
  }

  /** Queues one record; false when librdkafka's queue is full (nothing was queued then). */
  private produceOne(
    batch: PartitionRecords,
    record: OutgoingRecord,
    opaque: FirstRecord | PendingSend,
  ): boolean {
    try {
      this.producer.produce(
        batch.topic,
        batch.partition,
        record.value,
        record.key,
        record.timestamp ?? null,
        opaque,
        toRdkafkaHeaders(record.headers),
      );
      return true;
    } catch (error) {
      if (isQueueFull(error)) return false;
      // Translated by produce(), which may first ask whether the producer was fenced.
      throw error;
    }
  }

  private ensureUsable(): void {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.closing !== undefined)
      throw refused("transaction-state", `the producer of ${this.transactionalId} is closed`);
  }

  /**
   * A failed send as a KafkaError. When its error does not say fenced, librdkafka is asked
   * whether the producer was (fencing-check.ts): a purge of the queue is all a send to a
   * partition new to the transaction hears of it.
   */
  private async sendFailure(what: string, error: unknown): Promise<KafkaError> {
    const translated = this.failure(what)(error);
    if (translated.kind === "fenced") return translated;
    const fencing = this.fatal ?? (this.mayAskFencing() ? await this.fencingCheck.fenced() : undefined);
    return fencing === undefined ? translated : this.failure(what, fencing)(error);
  }

  /**
   * Whether beginTransaction changes nothing now. Once a commit or abort was asked, librdkafka
   * may be Ready again, and a send's late report (records an abort purged) would begin a
   * transaction behind the caller's back.
   */
  private mayAskFencing(): boolean {
    return this.inTransaction && this.closing === undefined;
  }

  /** Translates the binding's errors, remembering the first fencing of the producer. */
  private failure(what: string, fencing?: KafkaError): (error: unknown) => KafkaError {
    return (error) => {
      const translated = fromLibrdkafka(`${what} (transactional.id ${this.transactionalId})`, error, {
        fatal: this.fatal,
        refusal: this.authentication.refusal(),
        fencing,
      });
      // A group refusing the offsets leaves the producer able to abort (and go on).
      if (translated.kind === "fenced" && !isGroupFencing(error)) this.fatal ??= translated;
      return translated;
    };
  }

  private async shutdown(): Promise<void> {
    await this.groups.closeAll();
    await settle<unknown>((done) => this.producer.disconnect(closeFlushMs, done), this.failure("closing"));
  }
}

function checkBatch(batch: PartitionRecords): void {
  if (!Number.isInteger(batch.partition) || batch.partition < 0) {
    // The binding would hand a negative partition to librdkafka's partitioner.
    throw refused(
      "invalid-argument",
      `partition ${batch.partition} of ${batch.topic} is not a partition number`,
    );
  }
  if (batch.records.length === 0) {
    throw refused("invalid-argument", `the batch for ${batch.topic}/${batch.partition} has no records`);
  }
}
