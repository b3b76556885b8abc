// One Kafka node (a KRaft combined broker+controller) as this tool runs it: its ports and its files.
import { join } from "node:path";

export type Setting = string | number | boolean;

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
    log4jProperties: join(spec.dir, "log4j.properties"),
    pidFile: join(spec.dir, "kafka.pid"),
  };
}
