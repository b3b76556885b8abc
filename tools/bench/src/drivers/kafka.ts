import { createKafka } from "@onceport/kafka-dev/testing";
import type { Kafka } from "kafkajs";

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/**
 * The baseline's kafkajs client, configured as the gateway's producers are
 * (apps/gateway/src/kafka/client-producer.ts): idempotent, one request in
 * flight (kafkajs #1005), acks from all in-sync replicas, and a first retry
 * after 20 ms, which is what a transaction that starts right after a commit
 * needs (the coordinator answers CONCURRENT_TRANSACTIONS until the last
 * commit's markers are written; Kafka's Java producer retries that after 20 ms).
 */
export const producerRetry = { retries: 10, initialRetryTime: 20, maxRetryTime: 3000 };

export function directKafka(brokers: readonly string[], clientId: string): Kafka {
  return createKafka(brokers, clientId, {
    retry: producerRetry,
    connectionTimeout: 3000,
    requestTimeout: 30000,
  });
}
