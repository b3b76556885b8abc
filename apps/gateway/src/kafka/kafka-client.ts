import {
  type AdapterName,
  applyKafkajsPatches,
  createKafkaClient,
  type KafkaClient,
  type KafkaSasl,
  type KafkaTls,
} from "@onceport/kafka";
import { Kafka, type KafkaConfig, logLevel } from "kafkajs";
import type { Logger } from "../logger.ts";

const levelNames: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

// The gateway passes every record's partition explicitly (see TopicCatalog), so
// kafkajs's notice about its v2 default partitioner does not concern it.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/**
 * The one kafkajs client of a gateway process, logging through the gateway's
 * logger; `security` holds its `ssl` and `sasl` options when Kafka is secured.
 */
export function createKafka(
  brokers: readonly string[],
  logger: Logger,
  security: Pick<KafkaConfig, "ssl" | "sasl"> = {},
): Kafka {
  // kafkajs read_committed readers can see aborted records without them (libs/kafka, kafkajs adapter).
  applyKafkajsPatches();
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId: "onceport-gateway",
    brokers: [...brokers],
    ...security,
    // kafkajs retries some things forever by default (idempotent sends); the
    // gateway wants an answer, and settles ambiguity with idempotency keys.
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 3000 },
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...rest } = log;
        kafkaLogger[gatewayLevel(level, message)](rest, message);
      },
  });
}

/**
 * A client of Onceport's Kafka layer (producers, readers, admin), of the adapter asked for
 * seam: its own log lines go to the gateway's logger.
 */
export async function createKafkaLayerClient(
  adapter: AdapterName,
  brokers: readonly string[],
  logger: Logger,
  security: { tls?: KafkaTls; sasl?: KafkaSasl },
  retries?: number,
): Promise<KafkaClient> {
  const kafkaLogger = logger.child({ component: `kafka-${adapter}` });
  return createKafkaClient(adapter, {
    brokers,
    clientId: "onceport-gateway",
    ...security,
    ...(retries === undefined ? {} : { retries }),
    logger: (level, message, fields) => kafkaLogger[level](fields ?? {}, message),
  });
}

/**
 * kafkajs logs every failed protocol response at ERROR, also those it retries
 * (CONCURRENT_TRANSACTIONS right after a commit, kafkajs #1315) and those it
 * hands to the gateway as errors, which the gateway reports itself: those are
 * debug noise here.
 */
function gatewayLevel(level: number, message: string): "error" | "warn" | "info" | "debug" {
  const name = levelNames[level] ?? "info";
  const handledElsewhere = /^Response |^Failed to send messages|retr/i.test(message);
  return (name === "error" || name === "warn") && handledElsewhere ? "debug" : name;
}
