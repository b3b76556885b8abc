import { parseArgs } from "node:util";
import { type AdapterName, adapterNames, defaultAdapters, isAdapterName } from "@onceport/kafka";
import { loadSecurityConfig, type SecurityConfig, securitySettings } from "./auth/security-settings.ts";
import { ConfigError } from "./config-error.ts";

export { ConfigError };

/** Everything the gateway can be told, with the defaults a local run needs. */
export interface GatewayConfig {
  /** host:port the gRPC server listens on; port 0 picks a free one. */
  readonly listen: string;
  /** Kafka bootstrap brokers. */
  readonly brokers: readonly string[];
  /** Prefix of every client's transactional.id: `<prefix><client id>`. */
  readonly transactionalIdPrefix: string;
  /** Topic the receipts of idempotency keys are written to, inside each transaction. */
  readonly receiptsTopic: string;
  readonly receiptsPartitions: number;
  /** -1 takes the broker's default.replication.factor. */
  readonly receiptsReplicationFactor: number;
  /** How long an idempotency key is remembered: the receipts topic's retention. */
  readonly idempotencyWindowMs: number;
  /** The most one client's idempotency keys hold in memory with their answers; older ones go to a filter. */
  readonly receiptsMemoryPerClientBytes: number;
  /** How many key filters (about 7 KiB and 4,096 keys each) one client's evicted keys may fill. */
  readonly receiptsFiltersPerClient: number;
  /** An interactive transaction idle for longer is aborted by the gateway. */
  readonly transactionTimeoutMs: number;
  /** transaction.timeout.ms of the producers: Kafka aborts a transaction a dead gateway left open. */
  readonly kafkaTransactionTimeoutMs: number;
  /** A session with no call for this long is closed and its producer released. */
  readonly sessionIdleTimeoutMs: number;
  readonly maxSessions: number;
  /** Largest record (key, value and headers) accepted. */
  readonly maxRecordBytes: number;
  /** Largest record key accepted. */
  readonly maxKeyBytes: number;
  /** Most headers on one record, and most bytes its headers (names and values) may take. */
  readonly maxHeadersPerRecord: number;
  readonly maxHeaderBytes: number;
  /**
   * The largest record batch sent to one partition: Kafka refuses batches above the
   * broker's message.max.bytes (1048588 by default) or a topic's max.message.bytes.
   */
  readonly kafkaMaxBatchBytes: number;
  /** The Kafka client library the gateway's transactional producers run on (@onceport/kafka's adapters). */
  readonly kafkaClient: AdapterName;
  /** The one its readers (receipts, Subscribe) run on: --kafka-client's when only that is given. */
  readonly kafkaReaderClient: AdapterName;
  /** Largest publish (all its records) accepted. */
  readonly maxRequestBytes: number;
  readonly maxRecordsPerPublish: number;
  /** Operations queued on one session beyond this are refused. */
  readonly maxQueuedPerSession: number;
  /** Publish stream: how long publishes gather before their transaction commits. */
  readonly streamCommitIntervalMs: number;
  /** Publish stream: most records in one transaction. */
  readonly streamMaxBatchRecords: number;
  /** Publish stream: records received but not yet acknowledged before the stream stops reading. */
  readonly streamWindowRecords: number;
  /** Process: a batch unanswered for this long is dropped and its worker leaves the group. */
  readonly processLeaseMs: number;
  /** Process: on a rebalance or a stop, how long open batches may still be answered and committed. */
  readonly processRebalanceGraceMs: number;
  /** Process: the consumer group session timeout of each worker's consumer. */
  readonly processSessionTimeoutMs: number;
  /** Process: most records in one batch. */
  readonly processMaxBatchRecords: number;
  /** Process: most batches open at once for one worker. */
  readonly processMaxInFlightBatches: number;
  /** Process: most worker streams on this gateway, and on it for one principal. */
  readonly processMaxWorkers: number;
  readonly processMaxWorkersPerPrincipal: number;
  /** Subscribe: most subscriptions on this gateway, and on it for one principal. */
  readonly maxSubscriptions: number;
  readonly maxSubscriptionsPerPrincipal: number;
  /** Audits run at once on this gateway (each reads whole topics), and for one principal. */
  readonly maxAudits: number;
  readonly maxAuditsPerPrincipal: number;
  /** On SIGTERM, how long in-flight calls may take to finish. */
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  /**
   * Test-only fault injection: the gateway SIGKILLs itself right after the
   * commit of the publish with this idempotency key, before answering.
   */
  readonly crashAfterCommitOfKey: string | undefined;
  /**
   * Test-only, for the benchmark of what durable idempotency keys cost
   * (tools/bench): commit no receipts. This VOIDS the idempotency guarantee:
   * a retry after a crash, or through another gateway, may write its records
   * twice. Never set it outside that benchmark.
   */
  readonly testDisableReceipts: boolean;
  /** TLS, authentication, policy and per-principal limits; Kafka TLS and SASL (auth/security-settings.ts). */
  readonly security: SecurityConfig;
}

/** Each setting: its flag, its environment variable, and its default. */
const settings = {
  listen: { env: "ONCEPORT_LISTEN", default: "127.0.0.1:50051" },
  brokers: { env: "ONCEPORT_BROKERS", default: "127.0.0.1:19092" },
  "transactional-id-prefix": { env: "ONCEPORT_TRANSACTIONAL_ID_PREFIX", default: "onceport-" },
  "receipts-topic": { env: "ONCEPORT_RECEIPTS_TOPIC", default: "__onceport_receipts" },
  "receipts-partitions": { env: "ONCEPORT_RECEIPTS_PARTITIONS", default: "64" },
  "receipts-replication-factor": { env: "ONCEPORT_RECEIPTS_REPLICATION_FACTOR", default: "-1" },
  "idempotency-window-ms": { env: "ONCEPORT_IDEMPOTENCY_WINDOW_MS", default: String(7 * 24 * 3600_000) },
  "receipts-memory-per-client-bytes": {
    env: "ONCEPORT_RECEIPTS_MEMORY_PER_CLIENT_BYTES",
    default: String(4 * 1024 * 1024),
  },
  "receipts-filters-per-client": { env: "ONCEPORT_RECEIPTS_FILTERS_PER_CLIENT", default: "256" },
  "transaction-timeout-ms": { env: "ONCEPORT_TRANSACTION_TIMEOUT_MS", default: "30000" },
  "kafka-transaction-timeout-ms": { env: "ONCEPORT_KAFKA_TRANSACTION_TIMEOUT_MS", default: "60000" },
  "session-idle-timeout-ms": { env: "ONCEPORT_SESSION_IDLE_TIMEOUT_MS", default: "300000" },
  "max-sessions": { env: "ONCEPORT_MAX_SESSIONS", default: "1000" },
  "max-record-bytes": { env: "ONCEPORT_MAX_RECORD_BYTES", default: "1000000" },
  "max-key-bytes": { env: "ONCEPORT_MAX_KEY_BYTES", default: "16384" },
  "max-headers-per-record": { env: "ONCEPORT_MAX_HEADERS_PER_RECORD", default: "100" },
  "max-header-bytes": { env: "ONCEPORT_MAX_HEADER_BYTES", default: "65536" },
  "kafka-max-batch-bytes": { env: "ONCEPORT_KAFKA_MAX_BATCH_BYTES", default: "1040000" },
  "kafka-client": { env: "ONCEPORT_KAFKA_CLIENT", default: defaultAdapters.producer },
  "kafka-reader-client": { env: "ONCEPORT_KAFKA_READER_CLIENT", default: "" },
  "max-request-bytes": { env: "ONCEPORT_MAX_REQUEST_BYTES", default: String(8 * 1024 * 1024) },
  "max-records-per-publish": { env: "ONCEPORT_MAX_RECORDS_PER_PUBLISH", default: "10000" },
  "max-queued-per-session": { env: "ONCEPORT_MAX_QUEUED_PER_SESSION", default: "1000" },
  "stream-commit-interval-ms": { env: "ONCEPORT_STREAM_COMMIT_INTERVAL_MS", default: "100" },
  "stream-max-batch-records": { env: "ONCEPORT_STREAM_MAX_BATCH_RECORDS", default: "5000" },
  "stream-window-records": { env: "ONCEPORT_STREAM_WINDOW_RECORDS", default: "20000" },
  "process-lease-ms": { env: "ONCEPORT_PROCESS_LEASE_MS", default: "30000" },
  "process-rebalance-grace-ms": { env: "ONCEPORT_PROCESS_REBALANCE_GRACE_MS", default: "5000" },
  "process-session-timeout-ms": { env: "ONCEPORT_PROCESS_SESSION_TIMEOUT_MS", default: "30000" },
  "process-max-batch-records": { env: "ONCEPORT_PROCESS_MAX_BATCH_RECORDS", default: "1000" },
  "process-max-in-flight-batches": { env: "ONCEPORT_PROCESS_MAX_IN_FLIGHT_BATCHES", default: "8" },
  "process-max-workers": { env: "ONCEPORT_PROCESS_MAX_WORKERS", default: "200" },
  "process-max-workers-per-principal": { env: "ONCEPORT_PROCESS_MAX_WORKERS_PER_PRINCIPAL", default: "50" },
  "max-subscriptions": { env: "ONCEPORT_MAX_SUBSCRIPTIONS", default: "200" },
  "max-subscriptions-per-principal": { env: "ONCEPORT_MAX_SUBSCRIPTIONS_PER_PRINCIPAL", default: "50" },
  "max-audits": { env: "ONCEPORT_MAX_AUDITS", default: "2" },
  "max-audits-per-principal": { env: "ONCEPORT_MAX_AUDITS_PER_PRINCIPAL", default: "1" },
  "shutdown-grace-ms": { env: "ONCEPORT_SHUTDOWN_GRACE_MS", default: "10000" },
  "log-level": { env: "ONCEPORT_LOG_LEVEL", default: "info" },
  "test-crash-after-commit-of-key": { env: "ONCEPORT_TEST_CRASH_AFTER_COMMIT_OF_KEY", default: "" },
  "test-disable-receipts": { env: "ONCEPORT_TEST_DISABLE_RECEIPTS", default: "false" },
  ...securitySettings,
} as const;

type SettingName = keyof typeof settings;

/** The configuration from flags, then environment variables, then defaults. */
export function loadConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const options = Object.fromEntries(
    Object.keys(settings).map((name) => [name, { type: "string" as const }]),
  );
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  const text = (name: SettingName): string => {
    const flag = values[name];
    if (typeof flag === "string") return flag;
    return env[settings[name].env] ?? settings[name].default;
  };
  const int = (name: SettingName, min: number): number => {
    const raw = text(name);
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ConfigError(`--${name} (${settings[name].env}) must be an integer >= ${min}, got "${raw}"`);
    }
    return value;
  };
  const bool = (name: SettingName): boolean => {
    const raw = text(name);
    if (raw === "true" || raw === "false") return raw === "true";
    throw new ConfigError(`--${name} (${settings[name].env}) must be true or false, got "${raw}"`);
  };
  const config: GatewayConfig = {
    listen: text("listen"),
    brokers: text("brokers")
      .split(",")
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ""),
    transactionalIdPrefix: text("transactional-id-prefix"),
    receiptsTopic: text("receipts-topic"),
    receiptsPartitions: int("receipts-partitions", 1),
    receiptsReplicationFactor: int("receipts-replication-factor", -1),
    idempotencyWindowMs: int("idempotency-window-ms", 1000),
    receiptsMemoryPerClientBytes: int("receipts-memory-per-client-bytes", 1024),
    receiptsFiltersPerClient: int("receipts-filters-per-client", 1),
    transactionTimeoutMs: int("transaction-timeout-ms", 100),
    kafkaTransactionTimeoutMs: int("kafka-transaction-timeout-ms", 1000),
    sessionIdleTimeoutMs: int("session-idle-timeout-ms", 1000),
    maxSessions: int("max-sessions", 1),
    maxRecordBytes: int("max-record-bytes", 1),
    maxKeyBytes: int("max-key-bytes", 1),
    maxHeadersPerRecord: int("max-headers-per-record", 0),
    maxHeaderBytes: int("max-header-bytes", 0),
    kafkaMaxBatchBytes: int("kafka-max-batch-bytes", 4096),
    kafkaClient: adapter(text("kafka-client")),
    kafkaReaderClient: readerAdapter(
      text("kafka-reader-client"),
      values["kafka-client"] ?? env.ONCEPORT_KAFKA_CLIENT,
    ),
    maxRequestBytes: int("max-request-bytes", 1),
    maxRecordsPerPublish: int("max-records-per-publish", 1),
    maxQueuedPerSession: int("max-queued-per-session", 1),
    streamCommitIntervalMs: int("stream-commit-interval-ms", 1),
    streamMaxBatchRecords: int("stream-max-batch-records", 1),
    streamWindowRecords: int("stream-window-records", 1),
    processLeaseMs: int("process-lease-ms", 100),
    processRebalanceGraceMs: int("process-rebalance-grace-ms", 0),
    processSessionTimeoutMs: int("process-session-timeout-ms", 1000),
    processMaxBatchRecords: int("process-max-batch-records", 1),
    processMaxInFlightBatches: int("process-max-in-flight-batches", 1),
    processMaxWorkers: int("process-max-workers", 1),
    processMaxWorkersPerPrincipal: int("process-max-workers-per-principal", 1),
    maxSubscriptions: int("max-subscriptions", 1),
    maxSubscriptionsPerPrincipal: int("max-subscriptions-per-principal", 1),
    maxAudits: int("max-audits", 1),
    maxAuditsPerPrincipal: int("max-audits-per-principal", 1),
    shutdownGraceMs: int("shutdown-grace-ms", 0),
    logLevel: text("log-level"),
    crashAfterCommitOfKey: text("test-crash-after-commit-of-key") || undefined,
    testDisableReceipts: bool("test-disable-receipts"),
    security: loadSecurityConfig({ text, int, bool }, env),
  };
  if (config.brokers.length === 0) throw new ConfigError("--brokers (ONCEPORT_BROKERS) names no broker");
  if (config.transactionTimeoutMs >= config.kafkaTransactionTimeoutMs) {
    // The gateway must abort an idle transaction before Kafka does, or Kafka's
    // abort bumps the producer epoch and the session looks fenced.
    throw new ConfigError("--transaction-timeout-ms must be below --kafka-transaction-timeout-ms");
  }
  if (config.streamWindowRecords < config.streamMaxBatchRecords) {
    throw new ConfigError("--stream-window-records must be at least --stream-max-batch-records");
  }
  return config;
}

/** The reader's adapter: as named; else --kafka-client's, when that was given; else the default reader. */
function readerAdapter(named: string, producerNamed: string | boolean | undefined): AdapterName {
  if (named !== "") return adapter(named, "kafka-reader-client");
  if (typeof producerNamed === "string" && producerNamed !== "") return adapter(producerNamed);
  return defaultAdapters.reader;
}

function adapter(
  name: string,
  setting: "kafka-client" | "kafka-reader-client" = "kafka-client",
): AdapterName {
  if (isAdapterName(name)) return name;
  throw new ConfigError(
    `--${setting} (${settings[setting].env}) must be one of ${adapterNames.join(", ")}, got "${name}"`,
  );
}

/** `--help` text, generated from the same table the parser uses. */
export function configHelp(): string {
  const rows = Object.entries(settings).map(
    ([name, setting]) =>
      `  --${name.padEnd(30)} ${setting.env.padEnd(40)} default: ${setting.default || "(none)"}`,
  );
  return [
    "Usage: onceport-gateway [--flag value ...]",
    "",
    "Flags, their environment variables and defaults:",
    ...rows,
  ].join("\n");
}
