import { type AdapterName, createKafkaClient, defaultAdapters, type KafkaClient } from "@onceport/kafka";

export interface AuditClientOptions {
  readonly brokers: readonly string[];
  /** The Kafka client library (default: the one Onceport reads with, defaultAdapters.reader). */
  readonly adapter?: AdapterName;
  /** A client made elsewhere (TLS, SASL, a logger): used as it is, instead of a new one. */
  readonly client?: KafkaClient;
}

/** The audit's Kafka client. Without a logger: the audit reports what went wrong itself. */
export async function auditKafkaClient(options: AuditClientOptions): Promise<KafkaClient> {
  if (options.client !== undefined) return options.client;
  return await createKafkaClient(options.adapter ?? defaultAdapters.reader, {
    brokers: options.brokers,
    clientId: "onceport-audit",
  });
}
