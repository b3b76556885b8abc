// The Kafka versions this tool runs, and what differs between them. 4.4.0 is the default;
// 3.9.1 (the last 3.x the project pinned, for kafkajs) stays selectable, so test suites can
// run against both: ONCEPORT_KAFKA_VERSION=3.9.1, or `--kafka 3.9.1` on the CLI.
//
// Both run KRaft combined nodes with a static quorum (`controller.quorum.voters`): Kafka 4.4's
// StorageTool still formats it without `--standalone` / `--initial-controllers` (those are for
// the dynamic quorum of KIP-853, which would need each controller's directory id up front).
import { join } from "node:path";

export const KAFKA_VERSIONS = ["4.4.0", "3.9.1"] as const;

export type KafkaVersion = (typeof KAFKA_VERSIONS)[number];

export const DEFAULT_KAFKA_VERSION: KafkaVersion = "4.4.0";

/** The environment variable that selects the version (the CLI's `--kafka` overrides it). */
export const KAFKA_VERSION_ENV = "ONCEPORT_KAFKA_VERSION";

/** Java main classes, as found in the jars of each version (DumpLogSegments moved in 4.0). */
export interface KafkaClasses {
  /** The broker (kafka_2.13). */
  readonly broker: string;
  /** `kafka-storage` (kafka_2.13). */
  readonly storageTool: string;
  /** `kafka-transactions` (kafka-tools). */
  readonly transactionsCommand: string;
  /** `kafka-producer-perf-test` (kafka-tools). */
  readonly producerPerformance: string;
  /** `kafka-dump-log`: in kafka_2.13 (Scala) up to 3.9, in kafka-tools from 4.0 on. */
  readonly dumpLogSegments: string;
  /** `kafka-console-consumer` (kafka-tools). */
  readonly consoleConsumer: string;
}

export interface KafkaRelease {
  readonly version: KafkaVersion;
  readonly major: 3 | 4;
  /** The pom under tools/kafka/maven that names this version's runtime classpath. */
  readonly pomFile: string;
  /** 3.x logs through log4j 1 (reload4j), 4.x through log4j2 (KIP-653). */
  readonly logging: "reload4j" | "log4j2";
  readonly classes: KafkaClasses;
}

const RELEASES: Readonly<Record<KafkaVersion, KafkaRelease>> = {
  "4.4.0": {
    version: "4.4.0",
    major: 4,
    pomFile: join("maven", "kafka-4.4.0.pom.xml"),
    logging: "log4j2",
    classes: {
      broker: "kafka.Kafka",
      storageTool: "kafka.tools.StorageTool",
      transactionsCommand: "org.apache.kafka.tools.TransactionsCommand",
      producerPerformance: "org.apache.kafka.tools.ProducerPerformance",
      dumpLogSegments: "org.apache.kafka.tools.DumpLogSegments",
      consoleConsumer: "org.apache.kafka.tools.consumer.ConsoleConsumer",
    },
  },
  "3.9.1": {
    version: "3.9.1",
    major: 3,
    pomFile: join("maven", "kafka-3.9.1.pom.xml"),
    logging: "reload4j",
    classes: {
      broker: "kafka.Kafka",
      storageTool: "kafka.tools.StorageTool",
      transactionsCommand: "org.apache.kafka.tools.TransactionsCommand",
      producerPerformance: "org.apache.kafka.tools.ProducerPerformance",
      dumpLogSegments: "kafka.tools.DumpLogSegments",
      consoleConsumer: "org.apache.kafka.tools.consumer.ConsoleConsumer",
    },
  },
};

export function isKafkaVersion(value: string): value is KafkaVersion {
  return (KAFKA_VERSIONS as readonly string[]).includes(value);
}

/** `value` as a supported version, or an error naming the supported ones and where it came from. */
export function parseKafkaVersion(value: string, source: string): KafkaVersion {
  const trimmed = value.trim();
  if (isKafkaVersion(trimmed)) return trimmed;
  throw new RangeError(
    `${source} ${JSON.stringify(value)} is not a Kafka version tools/kafka runs: ${KAFKA_VERSIONS.map((version) => (version === DEFAULT_KAFKA_VERSION ? `${version} (default)` : version)).join(", ")}`,
  );
}

let selected: KafkaVersion | undefined;

/** Overrides ONCEPORT_KAFKA_VERSION for this process (the CLI's `--kafka`). */
export function selectKafkaVersion(version: KafkaVersion): void {
  selected = version;
}

/** The version to run: the one selected in this process, else ONCEPORT_KAFKA_VERSION, else the default. */
export function kafkaVersion(): KafkaVersion {
  if (selected) return selected;
  const fromEnv = process.env[KAFKA_VERSION_ENV];
  return fromEnv ? parseKafkaVersion(fromEnv, KAFKA_VERSION_ENV) : DEFAULT_KAFKA_VERSION;
}

/** Where kafkaVersion() got its answer, for messages. */
export function kafkaVersionSource(): string {
  if (selected) return `--kafka ${selected}`;
  const fromEnv = process.env[KAFKA_VERSION_ENV];
  return fromEnv ? `${KAFKA_VERSION_ENV}=${fromEnv}` : "the default";
}

export function kafkaRelease(version: KafkaVersion = kafkaVersion()): KafkaRelease {
  return RELEASES[version];
}

/** Main classes of Kafka's Java tools for `version` (the selected one by default). */
export function kafkaClasses(version: KafkaVersion = kafkaVersion()): KafkaClasses {
  return RELEASES[version].classes;
}

/** "4.x" for 4.4.0: what can be told of a broker from its protocol versions alone. */
export function releaseLine(version: KafkaVersion): string {
  return `${RELEASES[version].major}.x`;
}
