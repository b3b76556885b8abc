// One node's lifecycle: write its config, format its storage once, launch it, report on it.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { probeKafkaLine } from "./broker-line.ts";
import { launchBroker, runningPid, runningVersion } from "./broker-process.ts";
import { ensureJars } from "./jars.ts";
import { tailFile } from "./log-tail.ts";
import type { NodeSpec } from "./node-spec.ts";
import { brokerAddress, nodeFiles } from "./node-spec.ts";
import { displayPath } from "./paths.ts";
import { isReachable } from "./reachability.ts";
import { renderLoggingConfig, renderServerProperties } from "./server-config.ts";
import { formatIfNeeded } from "./storage.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaRelease, kafkaVersion, kafkaVersionSource } from "./versions.ts";

export interface NodeStatus {
  readonly label: string;
  readonly nodeId: number;
  readonly address: string;
  /** The pid of the broker this tool started, when it runs. */
  readonly pid: number | undefined;
  /** The Kafka version that broker runs (from its command line), when known. */
  readonly kafkaVersion: string | undefined;
  /** Something accepts connections on the broker port (possibly a broker this tool did not start). */
  readonly reachable: boolean;
  readonly serverLog: string;
}

export async function nodeStatus(spec: NodeSpec): Promise<NodeStatus> {
  const [pid, reachable] = await Promise.all([runningPid(spec), isReachable(brokerAddress(spec))]);
  return {
    label: spec.label,
    nodeId: spec.nodeId,
    address: brokerAddress(spec),
    pid,
    kafkaVersion: pid === undefined ? undefined : runningVersion(pid),
    reachable,
    serverLog: nodeFiles(spec).serverLog,
  };
}

/**
 * Writes the node's config for `version` (always, so edits to layouts.ts apply), formats
 * once per version, launches.
 */
export async function launchNode(
  spec: NodeSpec,
  clusterId: string,
  version: KafkaVersion = kafkaVersion(),
): Promise<number> {
  const libsDir = await ensureJars(version);
  const files = nodeFiles(spec);
  await mkdir(files.logsDir, { recursive: true });
  await writeFile(files.serverProperties, renderServerProperties(spec, version));
  const logging = renderLoggingConfig(spec, version);
  await writeFile(logging.file, logging.text);
  // The other version's logging config would only mislead whoever looks at the folder.
  for (const other of [files.log4jProperties, files.log4j2Yaml])
    if (other !== logging.file) await rm(other, { force: true });
  await formatIfNeeded(spec, clusterId, libsDir, version);
  return await launchBroker(spec, libsDir, version);
}

/**
 * Refuses to reuse a broker of another Kafka version than `wanted`, with a message that says
 * what runs and how to get the wanted one: one of this tool's (`pid`, its exact version from
 * its command line), or, when `reachable` without a pid file, someone else's (its 3.x or 4.x
 * line from its ApiVersions answer). `stopCommand` is what stops it, for the message.
 */
export async function refuseOtherVersion(
  spec: NodeSpec,
  running: { pid: number | undefined; reachable: boolean },
  stopCommand: string,
  wanted: KafkaVersion = kafkaVersion(),
): Promise<void> {
  const address = brokerAddress(spec);
  const asked = `Kafka ${wanted} was asked for (${kafkaVersionSource()})`;
  if (running.pid !== undefined) {
    const version = runningVersion(running.pid);
    if (version === undefined || version === wanted) return;
    throw new Error(
      `${spec.label} on ${address} (pid ${running.pid}) runs Kafka ${version}, but ${asked}: not reusing it. Stop it first (${stopCommand}), or ask for ${version} (ONCEPORT_KAFKA_VERSION=${version}, or --kafka ${version})`,
    );
  }
  if (!running.reachable) return;
  const line = await probeKafkaLine(address);
  const wantedLine = kafkaRelease(wanted).major;
  if (line === undefined || line === wantedLine) return;
  throw new Error(
    `a broker this tool did not start (no pid file) answers on ${address} as a Kafka ${line}.x broker (by its lowest Fetch version), but ${asked}: not using it. Stop it, or ask for a ${line}.x version`,
  );
}

/** The ends of the node's logs, for an error message when it fails to come up. */
export async function failureDetails(spec: NodeSpec, lines = 30): Promise<string> {
  const files = nodeFiles(spec);
  const parts: string[] = [];
  for (const file of [files.serverLog, files.consoleLog]) {
    const tail = await tailFile(file, lines);
    if (tail) parts.push(`--- last lines of ${displayPath(file)} ---\n${tail}`);
  }
  return parts.join("\n") || `(no logs in ${displayPath(files.logsDir)})`;
}

/** "127.0.0.1:19092 (Kafka 4.4.0, KRaft, pid 1234, logs .cache/kafka/single/logs/server.log)" */
export function describeListening(node: {
  address: string;
  pid: number | undefined;
  kafkaVersion?: string | undefined;
  serverLog: string;
}): string {
  const version = node.kafkaVersion ? `Kafka ${node.kafkaVersion}, ` : "";
  return `${node.address} (${version}KRaft, pid ${node.pid ?? "unknown"}, logs ${displayPath(node.serverLog)})`;
}
