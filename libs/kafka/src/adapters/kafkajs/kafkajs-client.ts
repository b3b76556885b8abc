// The kafkajs adapter: a kafkajs client behind Onceport's contract. kafkajs itself is loaded
// here, after its patches (kafkajs-patches.ts); the adapter's other files import only its types.
import { createRequire } from "node:module";
import type * as Kafkajs from "kafkajs";
import type { KafkaAdmin } from "../../admin.ts";
import type { KafkaClient, KafkaClientOptions, KafkaLogLevel } from "../../client.ts";
import type { GroupConsumer, GroupConsumerOptions } from "../../group-consumer.ts";
import type { TransactionalProducer, TransactionalProducerOptions } from "../../producer.ts";
import type { PartitionReader, ReaderOptions } from "../../reader.ts";
import { defaultMaxBatchBytes } from "../../record-size.ts";
import { KafkajsAdmin } from "./kafkajs-admin.ts";
import { fromKafkajs } from "./kafkajs-errors.ts";
import { KafkajsGroupConsumer } from "./kafkajs-group-consumer.ts";
import { type KafkajsPatches, patchKafkajs } from "./kafkajs-patches.ts";
import { KafkajsProducer } from "./kafkajs-producer.ts";
import { KafkajsReader } from "./kafkajs-reader.ts";

const require = createRequire(import.meta.url);

/**
 * kafkajs retries an idempotent producer's sends forever by default; a bounded retry is safe
 * because a failed send aborts its transaction. The first retry after 20 ms: a transaction
 * begun right after a commit gets CONCURRENT_TRANSACTIONS until that commit's markers are
 * written (a few ms), as Kafka's Java producer retries it (KAFKA-5482).
 */
const producerRetry = { retries: 10, initialRetryTime: 20, maxRetryTime: 3000 } as const;

export class KafkajsClient implements KafkaClient {
  readonly adapter = "kafkajs";
  readonly patches: KafkajsPatches;
  private readonly kafka: Kafkajs.Kafka;
  private readonly kafkajs: typeof Kafkajs;
  private readonly options: KafkaClientOptions;

  constructor(options: KafkaClientOptions) {
    this.patches = patchKafkajs();
    if (!this.patches.produceSpeedups || !this.patches.recordDecoder) {
      // Only something loading kafkajs outside this adapter (which nothing in Onceport may) does this.
      options.logger?.(
        "warn",
        "kafkajs loaded before the kafkajs adapter: some of its patches are off (libs/kafka, kafkajs adapter)",
        { ...this.patches },
      );
    }
    this.kafkajs = require("kafkajs") as typeof Kafkajs;
    this.options = options;
    this.kafka = this.newKafka(options.brokers);
  }

  async transactionalProducer(options: TransactionalProducerOptions): Promise<TransactionalProducer> {
    const producer = this.kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      // kafkajs keeps an idempotent producer's order only with one request in flight.
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs,
      allowAutoTopicCreation: false,
      retry: producerRetry,
      // Every record names its partition: the partitioner is never asked.
      createPartitioner: this.kafkajs.Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw fromKafkajs(`connecting the producer of ${options.transactionalId}`, error);
    }
    return new KafkajsProducer(
      producer,
      options.transactionalId,
      options.maxBatchBytes ?? defaultMaxBatchBytes,
    );
  }

  async reader(options: ReaderOptions): Promise<PartitionReader> {
    return new KafkajsReader(this.kafka, options);
  }

  async groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer> {
    return new KafkajsGroupConsumer(this.kafka, options, this.kafkajs.KafkaJSProtocolError);
  }

  async admin(): Promise<KafkaAdmin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw fromKafkajs("connecting the admin client", error);
    }
    return new KafkajsAdmin(this.kafka, admin, (address) => this.newKafka([address]).admin());
  }

  private newKafka(brokers: readonly string[]): Kafkajs.Kafka {
    const { logLevel } = this.kafkajs;
    const { tls, sasl, logger, requestTimeoutMs, retries } = this.options;
    const levels: Record<number, KafkaLogLevel> = {
      [logLevel.ERROR]: "error",
      [logLevel.WARN]: "warn",
      [logLevel.INFO]: "info",
      [logLevel.DEBUG]: "debug",
    };
    return new this.kafkajs.Kafka({
      clientId: this.options.clientId,
      brokers: [...brokers],
      ...(tls === undefined ? {} : { ssl: { ...tls } }),
      // The object itself: a password kept as a non-enumerable getter would not survive a copy.
      ...(sasl === undefined ? {} : { sasl: sasl as Kafkajs.SASLOptions }),
      retry: { retries: retries ?? 8, initialRetryTime: 100, maxRetryTime: 3000 },
      connectionTimeout: 3000,
      requestTimeout: requestTimeoutMs ?? 30_000,
      logLevel: logger === undefined ? logLevel.NOTHING : logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          if (logger === undefined) return;
          const { message, ...fields } = log;
          logger(quieter(levels[level] ?? "info", message), message, fields);
        },
    });
  }
}

/**
 * kafkajs logs every failed protocol response at ERROR, also those it retries
 * (CONCURRENT_TRANSACTIONS right after a commit, kafkajs #1315) and those it hands to the
 * caller as errors, which the caller reports itself: those are debug noise.
 */
function quieter(level: KafkaLogLevel, message: string): KafkaLogLevel {
  const handledElsewhere = /^Response |^Failed to send messages|retr/i.test(message);
  return (level === "error" || level === "warn") && handledElsewhere ? "debug" : level;
}

export async function createKafkajsClient(options: KafkaClientOptions): Promise<KafkaClient> {
  return new KafkajsClient(options);
}
