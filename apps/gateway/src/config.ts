import { type AdapterName, adapterNames, defaultAdapters, isAdapterName } from "@onceport/kafka";
import { loadSecurityConfig, type SecurityConfig, securitySettings } from "./auth/security-settings.ts";
import { type CommandLine, parseCommandLine } from "./config/command-line.ts";
import { configHelp as helpFor } from "./config/config-help.ts";
import { type ResolvedSettings, resolveSettings } from "./config/resolve-settings.ts";
import type { SettingTable } from "./config/setting.ts";
import { settingReader } from "./config/setting-reader.ts";
import { ConfigError } from "./config-error.ts";

export { ConfigError };

/** OpenTelemetry's settings; empty: OpenTelemetry's own default (see @onceport/tracing). */
export interface TelemetryConfig {
  readonly serviceName: string;
  readonly otlpEndpoint: string;
  readonly tracesExporter: string;
  readonly metricsExporter: string;
  readonly metricsHost: string;
  readonly metricsPort: string;
}

/** Everything the gateway can be told, with the defaults a local run needs. */
export interface GatewayConfig {
  /** host:port the gRPC server listens on; port 0 picks a free one. */
  readonly listen: string;
  /** Where the HTTP /healthz and /readyz listen (port 0: a free one); undefined: nowhere. */
  readonly httpProbes: { readonly host: string; readonly port: number } | undefined;
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
  /** OpenTelemetry, as the OTEL_* variables main.ts sets from these before telemetry starts. */
  readonly telemetry: TelemetryConfig;
  /** TLS, authentication, policy and per-principal limits; Kafka TLS and SASL (auth/security-settings.ts). */
  readonly security: SecurityConfig;
}

/**
 * Each setting: its flag (the key), environment variable, config file key, schema, default and
 * one line of help. The one table the flags, the environment, the config file, --help and
 * --print-config are all read and checked against (tools/helm-check reads it too).
 */
export const settings = {
  listen: {
    env: "ONCEPORT_LISTEN",
    path: "server.listen",
    kind: "text",
    default: "127.0.0.1:50051",
    help: "host:port the gRPC server listens on; port 0 picks a free one",
  },
  "probes-port": {
    env: "ONCEPORT_PROBES_PORT",
    path: "server.probesPort",
    kind: "integer",
    min: -1,
    default: "-1",
    help: "port of the HTTP probes /healthz and /readyz (for load balancers); -1: none; 0 picks a free one",
  },
  "probes-host": {
    env: "ONCEPORT_PROBES_HOST",
    path: "server.probesHost",
    kind: "text",
    default: "127.0.0.1",
    help: "address the HTTP probes bind (0.0.0.0: every interface)",
  },
  "shutdown-grace-ms": {
    env: "ONCEPORT_SHUTDOWN_GRACE_MS",
    path: "server.shutdownGraceMs",
    kind: "integer",
    min: 0,
    default: "10000",
    help: "on SIGTERM, how long in-flight calls and open streams may take to finish",
  },
  "log-level": {
    env: "ONCEPORT_LOG_LEVEL",
    path: "server.logLevel",
    kind: "text",
    values: ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
    default: "info",
    help: "the least level logged (JSON lines on stdout)",
  },
  brokers: {
    env: "ONCEPORT_BROKERS",
    path: "kafka.brokers",
    kind: "list",
    default: "127.0.0.1:19092",
    help: "Kafka bootstrap brokers (host:port, comma-separated)",
  },
  "kafka-client": {
    env: "ONCEPORT_KAFKA_CLIENT",
    path: "kafka.client",
    kind: "text",
    values: adapterNames,
    default: defaultAdapters.producer,
    help: "the Kafka client library of the transactional producers",
  },
  "kafka-reader-client": {
    env: "ONCEPORT_KAFKA_READER_CLIENT",
    path: "kafka.readerClient",
    kind: "text",
    values: ["", ...adapterNames],
    default: "",
    help: "the one of the readers (receipts, Subscribe, Process); none: kafka.client's when that is set",
  },
  "transactional-id-prefix": {
    env: "ONCEPORT_TRANSACTIONAL_ID_PREFIX",
    path: "kafka.transactionalIdPrefix",
    kind: "text",
    default: "onceport-",
    help: "prefix of every client's transactional.id (the same on every gateway of a deployment)",
  },
  "kafka-transaction-timeout-ms": {
    env: "ONCEPORT_KAFKA_TRANSACTION_TIMEOUT_MS",
    path: "kafka.transactionTimeoutMs",
    kind: "integer",
    min: 1000,
    default: "60000",
    help: "transaction.timeout.ms of the producers: Kafka aborts what a dead gateway left open",
  },
  "kafka-max-batch-bytes": {
    env: "ONCEPORT_KAFKA_MAX_BATCH_BYTES",
    path: "kafka.maxBatchBytes",
    kind: "integer",
    min: 4096,
    default: "1040000",
    help: "largest record batch sent to one partition (below the broker's message.max.bytes)",
  },
  "receipts-topic": {
    env: "ONCEPORT_RECEIPTS_TOPIC",
    path: "receipts.topic",
    kind: "text",
    default: "__onceport_receipts",
    help: "topic the idempotency keys' receipts are written to, in each transaction",
  },
  "receipts-partitions": {
    env: "ONCEPORT_RECEIPTS_PARTITIONS",
    path: "receipts.partitions",
    kind: "integer",
    min: 1,
    default: "64",
    help: "partitions of the receipts topic when the gateway creates it",
  },
  "receipts-replication-factor": {
    env: "ONCEPORT_RECEIPTS_REPLICATION_FACTOR",
    path: "receipts.replicationFactor",
    kind: "integer",
    min: -1,
    default: "-1",
    help: "its replication factor; -1: the broker's default.replication.factor",
  },
  "idempotency-window-ms": {
    env: "ONCEPORT_IDEMPOTENCY_WINDOW_MS",
    path: "receipts.windowMs",
    kind: "integer",
    min: 1000,
    default: String(7 * 24 * 3600_000),
    help: "how long an idempotency key is remembered (the receipts topic's retention)",
  },
  "receipts-memory-per-client-bytes": {
    env: "ONCEPORT_RECEIPTS_MEMORY_PER_CLIENT_BYTES",
    path: "receipts.memoryPerClientBytes",
    kind: "integer",
    min: 1024,
    default: String(4 * 1024 * 1024),
    help: "most one client's keys hold in memory with their answers; older ones go to filters",
  },
  "receipts-filters-per-client": {
    env: "ONCEPORT_RECEIPTS_FILTERS_PER_CLIENT",
    path: "receipts.filtersPerClient",
    kind: "integer",
    min: 1,
    default: "256",
    help: "key filters (about 7 KiB and 4,096 keys each) one client's evicted keys may fill",
  },
  "max-sessions": {
    env: "ONCEPORT_MAX_SESSIONS",
    path: "sessions.maxSessions",
    kind: "integer",
    min: 1,
    default: "1000",
    help: "sessions open at once on this gateway",
  },
  "session-idle-timeout-ms": {
    env: "ONCEPORT_SESSION_IDLE_TIMEOUT_MS",
    path: "sessions.idleTimeoutMs",
    kind: "integer",
    min: 1000,
    default: "300000",
    help: "a session with no call for this long is closed and its producer released",
  },
  "transaction-timeout-ms": {
    env: "ONCEPORT_TRANSACTION_TIMEOUT_MS",
    path: "sessions.transactionTimeoutMs",
    kind: "integer",
    min: 100,
    default: "30000",
    help: "an interactive transaction idle this long is aborted (below kafka.transactionTimeoutMs)",
  },
  "max-queued-per-session": {
    env: "ONCEPORT_MAX_QUEUED_PER_SESSION",
    path: "sessions.maxQueuedPerSession",
    kind: "integer",
    min: 1,
    default: "1000",
    help: "operations queued on one session beyond which calls are refused",
  },
  "max-record-bytes": {
    env: "ONCEPORT_MAX_RECORD_BYTES",
    path: "publish.maxRecordBytes",
    kind: "integer",
    min: 1,
    default: "1000000",
    help: "largest record (key, value and headers) accepted",
  },
  "max-key-bytes": {
    env: "ONCEPORT_MAX_KEY_BYTES",
    path: "publish.maxKeyBytes",
    kind: "integer",
    min: 1,
    default: "16384",
    help: "largest record key accepted",
  },
  "max-headers-per-record": {
    env: "ONCEPORT_MAX_HEADERS_PER_RECORD",
    path: "publish.maxHeadersPerRecord",
    kind: "integer",
    min: 0,
    default: "100",
    help: "most headers on one record",
  },
  "max-header-bytes": {
    env: "ONCEPORT_MAX_HEADER_BYTES",
    path: "publish.maxHeaderBytes",
    kind: "integer",
    min: 0,
    default: "65536",
    help: "most bytes one record's headers (names and values) may take",
  },
  "max-request-bytes": {
    env: "ONCEPORT_MAX_REQUEST_BYTES",
    path: "publish.maxRequestBytes",
    kind: "integer",
    min: 1,
    default: String(8 * 1024 * 1024),
    help: "largest publish (all its records) accepted",
  },
  "max-records-per-publish": {
    env: "ONCEPORT_MAX_RECORDS_PER_PUBLISH",
    path: "publish.maxRecordsPerPublish",
    kind: "integer",
    min: 1,
    default: "10000",
    help: "most records in one publish",
  },
  "stream-commit-interval-ms": {
    env: "ONCEPORT_STREAM_COMMIT_INTERVAL_MS",
    path: "stream.commitIntervalMs",
    kind: "integer",
    min: 1,
    default: "100",
    help: "publish stream: how long publishes gather before their transaction commits",
  },
  "stream-max-batch-records": {
    env: "ONCEPORT_STREAM_MAX_BATCH_RECORDS",
    path: "stream.maxBatchRecords",
    kind: "integer",
    min: 1,
    default: "5000",
    help: "publish stream: most records in one transaction",
  },
  "stream-window-records": {
    env: "ONCEPORT_STREAM_WINDOW_RECORDS",
    path: "stream.windowRecords",
    kind: "integer",
    min: 1,
    default: "20000",
    help: "publish stream: records received but unacknowledged before the stream stops reading",
  },
  "process-lease-ms": {
    env: "ONCEPORT_PROCESS_LEASE_MS",
    path: "process.leaseMs",
    kind: "integer",
    min: 100,
    default: "30000",
    help: "a batch unanswered this long is dropped and its worker leaves the group",
  },
  "process-rebalance-grace-ms": {
    env: "ONCEPORT_PROCESS_REBALANCE_GRACE_MS",
    path: "process.rebalanceGraceMs",
    kind: "integer",
    min: 0,
    default: "5000",
    help: "on a rebalance or a stop, how long open batches may still be answered and committed",
  },
  "process-session-timeout-ms": {
    env: "ONCEPORT_PROCESS_SESSION_TIMEOUT_MS",
    path: "process.sessionTimeoutMs",
    kind: "integer",
    min: 1000,
    default: "30000",
    help: "consumer group session timeout of each worker's consumer",
  },
  "process-max-batch-records": {
    env: "ONCEPORT_PROCESS_MAX_BATCH_RECORDS",
    path: "process.maxBatchRecords",
    kind: "integer",
    min: 1,
    default: "1000",
    help: "most records in one batch (a worker may ask for fewer)",
  },
  "process-max-in-flight-batches": {
    env: "ONCEPORT_PROCESS_MAX_IN_FLIGHT_BATCHES",
    path: "process.maxInFlightBatches",
    kind: "integer",
    min: 1,
    default: "8",
    help: "most batches open at once for one worker",
  },
  "process-max-workers": {
    env: "ONCEPORT_PROCESS_MAX_WORKERS",
    path: "process.maxWorkers",
    kind: "integer",
    min: 1,
    default: "200",
    help: "worker streams on this gateway",
  },
  "process-max-workers-per-principal": {
    env: "ONCEPORT_PROCESS_MAX_WORKERS_PER_PRINCIPAL",
    path: "process.maxWorkersPerPrincipal",
    kind: "integer",
    min: 1,
    default: "50",
    help: "worker streams on this gateway for one principal",
  },
  "max-subscriptions": {
    env: "ONCEPORT_MAX_SUBSCRIPTIONS",
    path: "subscribe.maxSubscriptions",
    kind: "integer",
    min: 1,
    default: "200",
    help: "subscriptions on this gateway",
  },
  "max-subscriptions-per-principal": {
    env: "ONCEPORT_MAX_SUBSCRIPTIONS_PER_PRINCIPAL",
    path: "subscribe.maxSubscriptionsPerPrincipal",
    kind: "integer",
    min: 1,
    default: "50",
    help: "subscriptions on this gateway for one principal",
  },
  "max-audits": {
    env: "ONCEPORT_MAX_AUDITS",
    path: "audit.maxAudits",
    kind: "integer",
    min: 1,
    default: "2",
    help: "audits run at once on this gateway (each reads whole topics)",
  },
  "max-audits-per-principal": {
    env: "ONCEPORT_MAX_AUDITS_PER_PRINCIPAL",
    path: "audit.maxAuditsPerPrincipal",
    kind: "integer",
    min: 1,
    default: "1",
    help: "audits run at once for one principal",
  },
  ...securitySettings,
  // OpenTelemetry's own variables: main.ts sets them from the file and flags before it starts.
  "telemetry-service-name": {
    env: "OTEL_SERVICE_NAME",
    path: "telemetry.serviceName",
    kind: "text",
    default: "",
    help: "service name of the spans and metrics; none: onceport-gateway",
  },
  "telemetry-otlp-endpoint": {
    env: "OTEL_EXPORTER_OTLP_ENDPOINT",
    path: "telemetry.otlpEndpoint",
    kind: "text",
    default: "",
    help: "OTLP http/protobuf endpoint traces go to (e.g. http://127.0.0.1:4318); none: no traces",
  },
  "telemetry-traces-exporter": {
    env: "OTEL_TRACES_EXPORTER",
    path: "telemetry.tracesExporter",
    kind: "text",
    default: "",
    help: "OpenTelemetry's traces exporter (otlp, console, none); none: otlp when an endpoint is set",
  },
  "telemetry-metrics-exporter": {
    env: "OTEL_METRICS_EXPORTER",
    path: "telemetry.metricsExporter",
    kind: "text",
    default: "",
    help: "metrics exporter: prometheus serves /metrics; none: no metrics",
  },
  "telemetry-metrics-host": {
    env: "OTEL_EXPORTER_PROMETHEUS_HOST",
    path: "telemetry.metricsHost",
    kind: "text",
    default: "",
    help: "address the Prometheus endpoint binds; none: 127.0.0.1",
  },
  "telemetry-metrics-port": {
    env: "OTEL_EXPORTER_PROMETHEUS_PORT",
    path: "telemetry.metricsPort",
    kind: "text",
    default: "",
    help: "port of the Prometheus endpoint; none: 9464",
  },
} as const satisfies SettingTable;

type SettingName = keyof typeof settings;

/** The configuration from flags, then environment variables, then the config file, then defaults. */
export function loadConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  return loadEffectiveConfig(parseCommandLine(settings, argv), env).config;
}

/** The command line's flags, checked (unknown flags refused). */
export function parseGatewayCommandLine(argv: readonly string[]): CommandLine {
  return parseCommandLine(settings, argv);
}

/** The configuration and where each setting came from (what --print-config shows). */
export function loadEffectiveConfig(
  commandLine: CommandLine,
  env: NodeJS.ProcessEnv,
): { readonly config: GatewayConfig; readonly resolved: ResolvedSettings } {
  const resolved = resolveSettings(settings, commandLine, env);
  const read = settingReader<SettingName>(resolved);
  const { text, int } = read;
  const kafkaClient = adapter(text("kafka-client"));
  // The readers' client: as named; else --kafka-client's when that was set; else the default reader.
  const kafkaReaderClient = text("kafka-reader-client")
    ? adapter(text("kafka-reader-client"))
    : read.given("kafka-client")
      ? kafkaClient
      : defaultAdapters.reader;
  const config: GatewayConfig = {
    listen: text("listen"),
    httpProbes:
      int("probes-port") === -1 ? undefined : { host: text("probes-host"), port: int("probes-port") },
    brokers: read.list("brokers"),
    transactionalIdPrefix: text("transactional-id-prefix"),
    receiptsTopic: text("receipts-topic"),
    receiptsPartitions: int("receipts-partitions"),
    receiptsReplicationFactor: int("receipts-replication-factor"),
    idempotencyWindowMs: int("idempotency-window-ms"),
    receiptsMemoryPerClientBytes: int("receipts-memory-per-client-bytes"),
    receiptsFiltersPerClient: int("receipts-filters-per-client"),
    transactionTimeoutMs: int("transaction-timeout-ms"),
    kafkaTransactionTimeoutMs: int("kafka-transaction-timeout-ms"),
    sessionIdleTimeoutMs: int("session-idle-timeout-ms"),
    maxSessions: int("max-sessions"),
    maxRecordBytes: int("max-record-bytes"),
    maxKeyBytes: int("max-key-bytes"),
    maxHeadersPerRecord: int("max-headers-per-record"),
    maxHeaderBytes: int("max-header-bytes"),
    kafkaMaxBatchBytes: int("kafka-max-batch-bytes"),
    kafkaClient,
    kafkaReaderClient,
    maxRequestBytes: int("max-request-bytes"),
    maxRecordsPerPublish: int("max-records-per-publish"),
    maxQueuedPerSession: int("max-queued-per-session"),
    streamCommitIntervalMs: int("stream-commit-interval-ms"),
    streamMaxBatchRecords: int("stream-max-batch-records"),
    streamWindowRecords: int("stream-window-records"),
    processLeaseMs: int("process-lease-ms"),
    processRebalanceGraceMs: int("process-rebalance-grace-ms"),
    processSessionTimeoutMs: int("process-session-timeout-ms"),
    processMaxBatchRecords: int("process-max-batch-records"),
    processMaxInFlightBatches: int("process-max-in-flight-batches"),
    processMaxWorkers: int("process-max-workers"),
    processMaxWorkersPerPrincipal: int("process-max-workers-per-principal"),
    maxSubscriptions: int("max-subscriptions"),
    maxSubscriptionsPerPrincipal: int("max-subscriptions-per-principal"),
    maxAudits: int("max-audits"),
    maxAuditsPerPrincipal: int("max-audits-per-principal"),
    shutdownGraceMs: int("shutdown-grace-ms"),
    logLevel: text("log-level"),
    telemetry: {
      serviceName: text("telemetry-service-name"),
      otlpEndpoint: text("telemetry-otlp-endpoint"),
      tracesExporter: text("telemetry-traces-exporter"),
      metricsExporter: text("telemetry-metrics-exporter"),
      metricsHost: text("telemetry-metrics-host"),
      metricsPort: text("telemetry-metrics-port"),
    },
    security: loadSecurityConfig(read),
  };
  if (int("probes-port") > 65535)
    throw new ConfigError("--probes-port (ONCEPORT_PROBES_PORT, server.probesPort) is above 65535");
  if (config.brokers.length === 0) throw new ConfigError("--brokers (ONCEPORT_BROKERS) names no broker");
  if (config.transactionTimeoutMs >= config.kafkaTransactionTimeoutMs) {
    // The gateway must abort an idle transaction before Kafka does, or Kafka's
    // abort bumps the producer epoch and the session looks fenced.
    throw new ConfigError("--transaction-timeout-ms must be below --kafka-transaction-timeout-ms");
  }
  if (config.streamWindowRecords < config.streamMaxBatchRecords) {
    throw new ConfigError("--stream-window-records must be at least --stream-max-batch-records");
  }
  // What --print-config shows is what runs: the readers' client as resolved.
  const byName = new Map(resolved.byName);
  const readerSetting = byName.get("kafka-reader-client");
  if (readerSetting) byName.set("kafka-reader-client", { ...readerSetting, value: kafkaReaderClient });
  return { config, resolved: { ...resolved, byName } };
}

function adapter(name: string): AdapterName {
  // The table allows adapter names only; this narrows the type.
  if (isAdapterName(name)) return name;
  throw new ConfigError(`not a Kafka client: "${name}"`);
}

/** `--help` text, generated from the same table the parser uses. */
export function configHelp(): string {
  return helpFor(settings);
}
