// A kafkajs producer set up for exactly-once writes the way Onceport uses them.
import type { Kafka, Producer, ProducerConfig } from "kafkajs";
import { Partitioners } from "kafkajs";
import { uniqueName } from "./unique-name.ts";

export function uniqueTransactionalId(prefix = "test-txn"): string {
  return uniqueName(prefix);
}

/**
 * Idempotence needs maxInFlightRequests 1 in kafkajs (it cannot keep order otherwise).
 * The explicit partitioner silences kafkajs' one-time "default partitioner changed" warning.
 */
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
