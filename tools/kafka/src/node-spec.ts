// One Kafka node (a KRaft combined broker+controller) as this tool runs it: its ports and its files.
import { join } from "node:path";

export type Setting = string | number | boolean;

/** A SASL_PLAINTEXT listener with SCRAM, and the one user created when the node's storage is formatted. */
export interface SaslListener {
  readonly port: number;
  readonly mechanism: "SCRAM-SHA-512";
  readonly username: string;
  readonly password: string;
}

export interface NodeSpec {
  /** For messages, e.g. "broker" or "cluster node 2". */
  readonly label: string;
  /** Holds this node's data, logs, config and pid file. */
  readonly dir: string;
  readonly nodeId: number;
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  /** `controller.quorum.voters`, e.g. "1@127.0.0.1:19093". */
  readonly quorumVoters: string;
  /** Deployment-specific broker settings (replication factors and such). */
  readonly settings: Readonly<Record<string, Setting>>;
  /** A second client listener that authenticates with SASL SCRAM, for tests of secured clients. */
  readonly sasl?: SaslListener;
  /** A third client listener meant to sit behind a TCP fault proxy (see ProxiedListener). */
  readonly proxied?: ProxiedListener;
}

/**
 * A client listener that advertises another port than it listens on: the port of a TCP
 * proxy in front of it (tools/faults). Clients that bootstrap through the proxy learn the
 * proxy ports of every broker from the metadata (listener names are matched), so all their
 * traffic crosses the proxies; clients of the PLAINTEXT listener and replication between
 * brokers do not. Nothing listens on `advertisedPort` unless a proxy runs.
 */
export interface ProxiedListener {
  /** The port the broker listens on: the proxy's upstream. */
  readonly port: number;
  /** The port advertised to clients of this listener: where the proxy listens. */
  readonly advertisedPort: number;
}

export function brokerAddress(spec: NodeSpec): string {
  return `${spec.host}:${spec.brokerPort}`;
}

export function nodeFiles(spec: NodeSpec) {
  const logsDir = join(spec.dir, "logs");
  return {
    dataDir: join(spec.dir, "data"),
    logsDir,
    serverLog: join(logsDir, "server.log"),
    /** The JVM's own stdout/stderr (crashes before log4j is up, e.g. a bad classpath). */
    consoleLog: join(logsDir, "console.log"),
    serverProperties: join(spec.dir, "server.properties"),
    /** Kafka 3.x's logging config (log4j 1 / reload4j). */
    log4jProperties: join(spec.dir, "log4j.properties"),
    /** Kafka 4.x's logging config (log4j2). */
    log4j2Yaml: join(spec.dir, "log4j2.yaml"),
    pidFile: join(spec.dir, "kafka.pid"),
  };
}
