import type { AdapterName, KafkaClient, KafkaClientOptions } from "./client.ts";

/**
 * What each part of Onceport uses a client for: writing in transactions, or reading
 * read_committed (receipts, Subscribe, Process, the audit).
 */
export type KafkaRole = "producer" | "reader";

/**
 * The adapter each role uses unless told otherwise: the one that passes the whole contract
 * suite for that role (test/contract) and, among those, is fastest through the gateway
 * (docs/benchmarks.md). A client that fails a read_committed scenario is never the reader.
 */
export const defaultAdapters: Readonly<Record<KafkaRole, AdapterName>> = {
  producer: "kafkajs",
  reader: "kafkajs",
};

/**
 * A client of the named library. Each adapter is loaded only when asked for, so a process
 * never loads a library it does not use (librdkafka is a native addon).
 */
export async function createKafkaClient(
  adapter: AdapterName,
  options: KafkaClientOptions,
): Promise<KafkaClient> {
  switch (adapter) {
    case "kafkajs":
      return (await import("./adapters/kafkajs/kafkajs-client.ts")).createKafkajsClient(options);
    case "librdkafka":
      return (await import("./adapters/librdkafka/librdkafka-client.ts")).createLibrdkafkaClient(options);
    case "platformatic":
      return (await import("./adapters/platformatic/platformatic-client.ts")).createPlatformaticClient(
        options,
      );
  }
}
