import { Kafka, logLevel } from "kafkajs";
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

/** The one kafkajs client of a gateway process, logging through the gateway's logger. */
export function createKafka(brokers: readonly string[], logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId: "onceport-gateway",
    brokers: [...brokers],
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
        // kafkajs's own retry chatter is noise at warn: keep it at debug.
        const name = levelNames[level] ?? "info";
        kafkaLogger[name === "warn" && /retr/i.test(message) ? "debug" : name](rest, message);
      },
  });
}
