import { fixKafkajsReadCommitted, silenceKafkajsNegativeTimeoutWarning } from "@onceport/kafkajs-compat";
import { Kafka, logLevel } from "kafkajs";

/** A quiet kafkajs client: the audit reports problems itself. ONCEPORT_KAFKAJS_LOG=warn|info|debug turns logs on. */
export function createAuditKafka(brokers: readonly string[], clientId = "onceport-audit"): Kafka {
  silenceKafkajsNegativeTimeoutWarning();
  // kafkajs read_committed readers can see aborted records without it (libs/kafkajs-compat).
  fixKafkajsReadCommitted();
  const level = process.env.ONCEPORT_KAFKAJS_LOG?.toLowerCase();
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel:
      level === "debug"
        ? logLevel.DEBUG
        : level === "info"
          ? logLevel.INFO
          : level === "warn"
            ? logLevel.WARN
            : level === "error"
              ? logLevel.ERROR
              : logLevel.NOTHING,
  });
}
