// A TransactionalProducer on @platformatic/kafka's idempotent Producer and its transactions.
import { Admin, Producer } from "@platformatic/kafka";
import type { KafkaClientOptions } from "../../client.ts";
import { KafkaError } from "../../kafka-error.ts";
import type {
  KafkaTransaction,
  TransactionalProducer,
  TransactionalProducerOptions,
} from "../../producer.ts";
import { defaultMaxBatchBytes } from "../../record-size.ts";
import { baseOptions } from "./connection-options.ts";
import { GroupCoordinators } from "./group-offsets.ts";
import { type HeaderSlot, headerKeyBytes, headerValueBytes } from "./outgoing-batches.ts";
import { toKafkaError } from "./platformatic-errors.ts";
import type { PlatformaticProducer } from "./platformatic-producer.ts";
import { PlatformaticKafkaTransaction } from "./platformatic-transaction.ts";
import type { ProducerHost } from "./producer-host.ts";
import { SerialQueue } from "./serial-queue.ts";

export class PlatformaticTransactionalProducer implements TransactionalProducer, ProducerHost {
  readonly transactionalId: string;
  readonly queue = new SerialQueue();
  readonly coordinators: GroupCoordinators;
  readonly client: PlatformaticProducer;
  readonly maxBatchBytes: number;
  private initialised: Promise<void> | undefined;
  private open: PlatformaticKafkaTransaction | undefined;
  private dead: KafkaError | undefined;

  constructor(clientOptions: KafkaClientOptions, options: TransactionalProducerOptions) {
    this.transactionalId = options.transactionalId;
    this.maxBatchBytes = options.maxBatchBytes ?? defaultMaxBatchBytes;
    this.client = new Producer<Buffer, Buffer, HeaderSlot, Buffer | null>({
      ...baseOptions(clientOptions, "producer"),
      idempotent: true,
      transactionalId: options.transactionalId,
      // InitProducerId's expected producer id and epoch. The client sends 0 / 0 unless told,
      // which the coordinator takes for a producer asking to bump epoch 0 of producer id 0
      // (KIP-360): for any other id it answers PRODUCER_FENCED, so a new instance could not
      // take an id over and the old one kept committing (seen: InitProducerId(v5) ->
      // PRODUCER_FENCED; with -1 / -1, "no producer yet", the takeover fences the old one).
      producerId: -1n,
      producerEpoch: -1,
      // The client writes `timeout` into InitProducerId as the transaction timeout (and into
      // Produce as the broker's wait for acks): with its 5 s default, the coordinator aborted
      // any transaction open longer than 5 s.
      timeout: options.transactionTimeoutMs,
      // An idempotent producer turns retries <= 1 into unlimited ones (producer.js): bounded
      // here so that a broker gone for good ends in an error instead of a hang; about 6 s of
      // backoff (CONCURRENT_TRANSACTIONS while a takeover aborts what the old producer left).
      retries: 12,
      serializers: { headerKey: headerKeyBytes, headerValue: headerValueBytes },
    });
    this.coordinators = new GroupCoordinators(() => new Admin(baseOptions(clientOptions, "producer-admin")));
  }

  init(): Promise<void> {
    this.initialised ??= this.call("init", async () => {
      // InitProducerId runs at the first beginTransaction (the client has no call of its own
      // for it); one begun and cancelled at once never reaches the coordinator.
      const transaction = await this.client.beginTransaction();
      await transaction.cancel();
    }).catch((error: unknown) => {
      this.initialised = undefined;
      throw error;
    });
    return this.initialised;
  }

  async begin(): Promise<KafkaTransaction> {
    await this.init();
    return await this.call("begin", async () => {
      if (this.open !== undefined) {
        throw new KafkaError("transaction-state", "begin: a transaction is already open on this producer");
      }
      const transaction = new PlatformaticKafkaTransaction(this, await this.client.beginTransaction());
      this.open = transaction;
      return transaction;
    });
  }

  async call<T>(action: string, call: () => Promise<T>): Promise<T> {
    return await this.queue.run(async () => {
      if (this.dead !== undefined) throw this.dead;
      try {
        return await call();
      } catch (error) {
        const translated = toKafkaError(error, action);
        // A fenced producer must never call again: the client itself would initialise anew at
        // the next beginTransaction after INVALID_PRODUCER_EPOCH, fencing the successor.
        if (translated.kind === "fenced") this.dead = translated;
        throw translated;
      }
    });
  }

  ended(transaction: KafkaTransaction): void {
    if (this.open === transaction) this.open = undefined;
  }

  async close(): Promise<void> {
    this.dead = new KafkaError("transaction-state", "the producer is closed");
    // Not queued behind a call that may be retrying: closing the connections ends it.
    const results = await Promise.allSettled([this.client.close(true), this.coordinators.close()]);
    const failed = results.find((result) => result.status === "rejected");
    if (failed !== undefined) throw toKafkaError(failed.reason, "close");
  }
}
