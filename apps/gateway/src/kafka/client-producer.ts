import { OnceportError } from "@onceport/errors";
import type {
  ConsumerGroupMetadata,
  KafkaClient,
  KafkaTransaction,
  PartitionOffset,
  PartitionRecords,
  SentBatch,
  TransactionalProducer,
} from "@onceport/kafka";
import type { Logger } from "../logger.ts";
import { fencedError, isFencingError, isProducerStateError, kafkaFailure } from "./kafka-errors.ts";

export type { PartitionRecords, SentBatch };

/** How every client producer is made. */
export interface ProducerSettings {
  /** Kafka's transaction timeout: a transaction open longer is aborted by the coordinator. */
  readonly transactionTimeoutMs: number;
  /** The largest record batch sent to a partition: below the broker's `message.max.bytes`. */
  readonly maxBatchBytes: number;
}

/**
 * One client's Kafka transactional producer (@onceport/kafka's, of whichever client library
 * the gateway runs with). Callers only see three outcomes: success, PRODUCER_FENCED
 * (never retry), or a retriable failure, with COMMIT_OUTCOME_UNKNOWN when a
 * commit's answer was lost. After a lost commit answer or a failed abort, the
 * producer is `broken` (kafkajs #1355; librdkafka's abortable and fatal states alike) and must be replaced by a new one, whose
 * initialisation settles the open transaction: never abort after an
 * ambiguous commit (KAFKA-17754).
 */
export class ClientProducer {
  private fenced = false;
  private brokenBy: unknown;

  private readonly producer: TransactionalProducer;
  readonly transactionalId: string;
  private readonly logger: Logger;

  private constructor(producer: TransactionalProducer, transactionalId: string, logger: Logger) {
    this.producer = producer;
    this.transactionalId = transactionalId;
    this.logger = logger;
  }

  static async connect(
    kafka: KafkaClient,
    transactionalId: string,
    settings: ProducerSettings,
    logger: Logger,
  ): Promise<ClientProducer> {
    try {
      const producer = await kafka.transactionalProducer({
        transactionalId,
        transactionTimeoutMs: settings.transactionTimeoutMs,
        maxBatchBytes: settings.maxBatchBytes,
      });
      return new ClientProducer(producer, transactionalId, logger);
    } catch (error) {
      throw kafkaFailure(`connecting the producer of ${transactionalId}`, error);
    }
  }

  get isFenced(): boolean {
    return this.fenced;
  }

  /** True when this producer must be replaced before it is used again. */
  get isBroken(): boolean {
    return this.brokenBy !== undefined;
  }

  /**
   * Begins a transaction. The first one initialises the producer with Kafka
   * (InitProducerId), which fences every earlier producer of this transactional.id
   * and settles the transaction such a producer left open.
   */
  async begin(): Promise<ProducerTransaction> {
    this.assertUsable();
    try {
      return new ProducerTransaction(await this.producer.begin(), this);
    } catch (error) {
      throw this.failure("beginning a transaction", error);
    }
  }

  /**
   * Initialises the producer with Kafka now, writing nothing: fences every
   * earlier producer of this transactional.id and waits until the transaction
   * such a producer left open is settled (committed or aborted).
   */
  async initialize(): Promise<void> {
    this.assertUsable();
    try {
      await this.producer.init();
    } catch (error) {
      throw this.failure("initialising", error);
    }
  }

  /** Runs `work` in a transaction and commits it; aborts it if `work` throws. */
  async transact<T>(work: (transaction: ProducerTransaction) => Promise<T>): Promise<T> {
    const transaction = await this.begin();
    let result: T;
    try {
      result = await work(transaction);
    } catch (error) {
      await transaction.abortAfterFailure();
      throw error;
    }
    await transaction.commit();
    return result;
  }

  async disconnect(): Promise<void> {
    try {
      await this.producer.close();
    } catch (error) {
      this.logger.warn({ err: error, transactionalId: this.transactionalId }, "producer disconnect failed");
    }
  }

  /**
   * @internal Maps a Kafka failure, remembering fencing, and that a client refusing a call
   * for its state (it will refuse the next one too) leaves the producer to be replaced.
   */
  failure(what: string, error: unknown): OnceportError {
    if (isFencingError(error)) {
      this.fenced = true;
      return fencedError(this.transactionalId, error);
    }
    if (isProducerStateError(error)) this.markBroken(error);
    return kafkaFailure(`${what} for ${this.transactionalId}`, error);
  }

  /** @internal */
  markBroken(cause: unknown): void {
    this.brokenBy = cause;
  }

  private assertUsable(): void {
    if (this.fenced) throw fencedError(this.transactionalId);
    if (this.isBroken) {
      throw new OnceportError("INTERNAL", `the producer of ${this.transactionalId} must be replaced`, {
        cause: this.brokenBy,
      });
    }
  }
}

/** One open transaction of a ClientProducer. */
export class ProducerTransaction {
  private ended = false;
  /** A send failed in a way that leaves open whether Kafka wrote its batch. */
  private sendFailed = false;
  private readonly transaction: KafkaTransaction;
  private readonly owner: ClientProducer;

  constructor(transaction: KafkaTransaction, owner: ClientProducer) {
    this.transaction = transaction;
    this.owner = owner;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /**
   * Sends records, all acknowledged by all in-sync replicas before it resolves, each batch's
   * records in their order (the Kafka layer bounds request sizes and keeps its client's
   * rules). Tells where they landed, in the order sent.
   */
  async send(batches: readonly PartitionRecords[]): Promise<SentBatch[]> {
    try {
      return await this.transaction.send(batches);
    } catch (error) {
      const failure = this.owner.failure("sending records", error);
      // A refusal (too large, unknown topic...) wrote nothing; a failure that may be retried
      // may have been written all the same.
      if (failure.retriable) this.sendFailed = true;
      throw failure;
    }
  }

  /**
   * Commits a consumer group's offsets in this transaction: they count only
   * if it commits. Each offset is the next one to read (last processed + 1).
   */
  async sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    try {
      await this.transaction.sendOffsets(offsets, group);
    } catch (error) {
      throw this.owner.failure("sending offsets", error);
    }
  }

  async commit(): Promise<void> {
    this.ended = true;
    try {
      await this.transaction.commit();
    } catch (error) {
      const failure = this.owner.failure("committing", error);
      if (failure.reason === "PRODUCER_FENCED") throw failure;
      // The commit may or may not have happened. Never abort now: replace the
      // producer (its initialisation finishes or rolls back the transaction)
      // and let the idempotency key's receipt tell the caller what happened.
      this.owner.markBroken(error);
      throw new OnceportError(
        "COMMIT_OUTCOME_UNKNOWN",
        `${failure.message}; retry with the same idempotency key`,
        {
          cause: error,
        },
      );
    }
  }

  async abort(): Promise<void> {
    this.ended = true;
    try {
      await this.transaction.abort();
    } catch (error) {
      const failure = this.owner.failure("aborting", error);
      // A fenced producer's transaction is aborted by the producer that fenced it.
      if (failure.reason === "PRODUCER_FENCED") return;
      this.owner.markBroken(error);
      throw failure;
    }
    // A failed send may have been written with sequence numbers the client then hands its next
    // batch again: the broker takes that batch for a retry of the aborted one and answers with
    // the aborted records' offsets, writing nothing (seen in the broker-bounce fault scenario:
    // an acknowledged publish whose records were in an aborted transaction). A new producer's
    // InitProducerId bumps the epoch and starts the sequences afresh (what KIP-360 does in
    // Kafka's Java client).
    if (this.sendFailed) this.owner.markBroken(new Error("a send of the aborted transaction failed"));
  }

  /** Aborts after a failed send; the send's own error is what the caller sees. */
  async abortAfterFailure(): Promise<void> {
    if (this.ended) return;
    try {
      await this.abort();
    } catch {
      // The producer is marked broken; the next use replaces it.
    }
  }
}
