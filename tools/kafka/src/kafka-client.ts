// kafkajs clients as this tool and the tests make them: quiet unless asked otherwise.

import { fixKafkajsReadCommitted, silenceKafkajsNegativeTimeoutWarning } from "@onceport/kafkajs-compat";
import type { KafkaConfig } from "kafkajs";
import { Kafka, logLevel } from "kafkajs";

/**
 * kafkajs logs every retried error at ERROR level, which buries test output (and fencing
 * tests provoke errors on purpose). ONCEPORT_KAFKAJS_LOG=debug|info|warn|error turns it on.
 */
export function kafkajsLogLevel(): logLevel {
  switch (process.env.ONCEPORT_KAFKAJS_LOG?.toLowerCase()) {
    case "debug":
      return logLevel.DEBUG;
    case "info":
      return logLevel.INFO;
    case "warn":
      return logLevel.WARN;
    case "error":
      return logLevel.ERROR;
    default:
      return logLevel.NOTHING;
  }
}

export function createKafka(
  brokers: readonly string[],
  clientId = "onceport-kafka-dev",
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  silenceKafkajsNegativeTimeoutWarning();
  // kafkajs read_committed readers can see aborted records without it (libs/kafkajs-compat).
  fixKafkajsReadCommitted();
  return new Kafka({ clientId, brokers: [...brokers], logLevel: kafkajsLogLevel(), ...overrides });
}
