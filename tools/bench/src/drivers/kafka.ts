// The bench's direct baseline: a stock kafkajs client, without Onceport's seam or its
// patches on purpose, since it stands for what a user would otherwise write.
import { Kafka, logLevel, Partitioners, type Producer, type ProducerConfig } from "kafkajs";

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/**
 * The baseline's kafkajs client, configured as the gateway's kafkajs producers are
 * (libs/kafka, kafkajs adapter): idempotent, one request in flight (kafkajs #1005), acks from
 * all in-sync replicas, and a first retry after 20 ms, which is what a transaction that
 * starts right after a commit needs (the coordinator answers CONCURRENT_TRANSACTIONS until the
 * last commit's markers are written; Kafka's Java producer retries that after 20 ms).
 */
export const producerRetry = { retries: 10, initialRetryTime: 20, maxRetryTime: 3000 };

export function directKafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: producerRetry,
    connectionTimeout: 3000,
    requestTimeout: 30000,
  });
}

/** Idempotence needs maxInFlightRequests 1 in kafkajs (it cannot keep order otherwise). */
export function transactionalProducer(
  kafka: Kafka,
  transactionalId: string,
  overrides: Partial<ProducerConfig> = {},
): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    transactionalId,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...overrides,
  });
}
