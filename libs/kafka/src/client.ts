import type { KafkaAdmin } from "./admin.ts";
import type { GroupConsumer, GroupConsumerOptions } from "./group-consumer.ts";
import type { TransactionalProducer, TransactionalProducerOptions } from "./producer.ts";
import type { PartitionReader, ReaderOptions } from "./reader.ts";

export type KafkaLogLevel = "error" | "warn" | "info" | "debug";

/** Where a client's own log lines go; none are written without one. */
export type KafkaLogger = (level: KafkaLogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface KafkaTls {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Checks the broker's certificate (true unless turned off for a development broker). */
  readonly rejectUnauthorized?: boolean;
}

export interface KafkaSasl {
  readonly mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
  readonly username: string;
  readonly password: string;
}

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly tls?: KafkaTls;
  readonly sasl?: KafkaSasl;
  readonly logger?: KafkaLogger;
  /** How long one request may take before it fails (and is retried where that is safe). */
  readonly requestTimeoutMs?: number;
  /**
   * How often the library itself retries a failed connection or request before the caller
   * hears of it (0: one answer at once, for callers that retry themselves). Libraries that
   * retry in the background (librdkafka) keep their own schedule.
   */
  readonly retries?: number;
}

/** One Kafka client library behind Onceport's own contract. */
export interface KafkaClient {
  readonly adapter: AdapterName;
  /** A connected transactional producer (not yet initialised: see TransactionalProducer.init). */
  transactionalProducer(options: TransactionalProducerOptions): Promise<TransactionalProducer>;
  reader(options: ReaderOptions): Promise<PartitionReader>;
  /** A member of a consumer group, not yet joined (see GroupConsumer.start). */
  groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer>;
  admin(): Promise<KafkaAdmin>;
}

export const adapterNames = ["librdkafka", "platformatic", "kafkajs"] as const;
export type AdapterName = (typeof adapterNames)[number];

export function isAdapterName(name: string): name is AdapterName {
  return (adapterNames as readonly string[]).includes(name);
}
