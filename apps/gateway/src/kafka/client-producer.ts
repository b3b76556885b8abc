import { OnceportError } from "@onceport/errors";
import type { Kafka, Offsets, Producer, Transaction } from "kafkajs";
import type { Logger } from "../logger.ts";
import { fencedError, isFencingError, kafkaFailure } from "./kafka-errors.ts";
import { partitionBatches, type TopicMessages } from "./partition-batches.ts";

/** The retry of every client producer's requests (see ClientProducer.connect). */
export const producerRetry = { retries: 10, initialRetryTime: 20, maxRetryTime: 3000 } as const;

export type { TopicMessages };

/** How every client producer is made. */
export interface ProducerSettings {
  /** Kafka's transaction timeout: a transaction open longer is aborted by the coordinator. */
  readonly transactionTimeoutMs: number;
  /** The largest record batch sent to a partition: below the broker's `message.max.bytes`. */
  readonly maxBatchBytes: number;
}

/** Records written to one partition by one request, at `baseOffset` onwards. */
export interface SentBatch {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: bigint;
  readonly count: number;
}

/**
 * One client's Kafka transactional producer. It knows the rules of kafkajs
 * transactions, so callers only see three outcomes: success, PRODUCER_FENCED
 * (never retry), or a retriable failure, with COMMIT_OUTCOME_UNKNOWN when a
 * commit's answer was lost. After a lost commit answer or a failed abort, the
 * producer is `broken` (kafkajs #1355) and must be replaced by a new one, whose
 * initialisation settles the open transaction: never abort after an
 * ambiguous commit (KAFKA-17754).
 */
export class ClientProducer {
  private fenced = false;
  private brokenBy: unknown;

  private readonly producer: Producer;
  readonly transactionalId: string;
  /** @internal */
  readonly maxBatchBytes: number;
  private readonly logger: Logger;

  private constructor(producer: Producer, transactionalId: string, maxBatchBytes: number, logger: Logger) {
    this.producer = producer;
    this.transactionalId = transactionalId;
    this.maxBatchBytes = maxBatchBytes;
    this.logger = logger;
  }

  static async connect(
    kafka: Kafka,
    transactionalId: string,
    settings: ProducerSettings,
    logger: Logger,
  ): Promise<ClientProducer> {
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: settings.transactionTimeoutMs,
      allowAutoTopicCreation: false,
      // kafkajs retries an idempotent producer's sends forever by default; a
      // bounded retry is safe here because a failed send aborts its transaction.
      // The first retry comes after 20 ms: a transaction begun right after a
      // commit gets CONCURRENT_TRANSACTIONS until that commit's markers are
      // written (a few ms), and a first retry after 100 ms put about 7% of
      // back-to-back publishes over 100 ms (docs/benchmarks.md). Kafka's Java
      // producer retries this case after 20 ms too (ADD_PARTITIONS_RETRY_BACKOFF_MS,
      // KAFKA-5482). Two more retries keep the whole span about as long (~11 s).
      retry: producerRetry,
    });
    try {
      await producer.connect();
    } catch (error) {
      throw kafkaFailure(`connecting the producer of ${transactionalId}`, error);
    }
    return new ClientProducer(producer, transactionalId, settings.maxBatchBytes, logger);
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
      return new ProducerTransaction(await this.producer.transaction(), this);
    } catch (error) {
      throw this.failure("beginning a transaction", error);
    }
  }

  /**
   * Initialises the producer with Kafka now, writing nothing: fences every
   * earlier producer of this transactional.id and waits until the transaction
   * such a producer left open is settled (committed or aborted). A begun,
   * empty transaction ends without any request to Kafka.
   */
  async initialize(): Promise<void> {
    const transaction = await this.begin();
    await transaction.abort();
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
      await this.producer.disconnect();
    } catch (error) {
      this.logger.warn({ err: error, transactionalId: this.transactionalId }, "producer disconnect failed");
    }
  }

  /** @internal Maps a kafkajs failure, remembering fencing. */
  failure(what: string, error: unknown): OnceportError {
    if (isFencingError(error)) {
      this.fenced = true;
      return fencedError(this.transactionalId, error);
    }
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
  private readonly transaction: Transaction;
  private readonly owner: ClientProducer;

  constructor(transaction: Transaction, owner: ClientProducer) {
    this.transaction = transaction;
    this.owner = owner;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /**
   * Sends records, all acknowledged by all in-sync replicas before it resolves: one
   * partition and one bounded record batch at a time, since kafkajs may write a record
   * twice when one sendBatch spans several brokers, and the broker refuses oversized
   * batches (see partitionBatches). Tells where each batch landed, in the order sent.
   */
  async send(topicMessages: TopicMessages[]): Promise<SentBatch[]> {
    const sent: SentBatch[] = [];
    try {
      for (const batch of partitionBatches(topicMessages, this.owner.maxBatchBytes)) {
        const [metadata] = await this.transaction.sendBatch({ topicMessages: [batch], acks: -1 });
        if (metadata?.baseOffset === undefined) {
          throw new Error(`Kafka's answer names no offset for a batch to ${batch.topic}`);
        }
        sent.push({
          topic: metadata.topicName,
          partition: metadata.partition,
          baseOffset: BigInt(metadata.baseOffset),
          count: batch.messages.length,
        });
      }
      return sent;
    } catch (error) {
      throw this.owner.failure("sending records", error);
    }
  }

  /**
   * Commits a consumer group's offsets in this transaction: they count only
   * if it commits. Each offset is the next one to read (last processed + 1).
   */
  async sendOffsets(offsets: Offsets & { consumerGroupId: string }): Promise<void> {
    try {
      await this.transaction.sendOffsets(offsets);
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
