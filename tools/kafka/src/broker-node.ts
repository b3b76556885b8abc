// One node's lifecycle: write its config, format its storage once, launch it, report on it.
import { mkdir, writeFile } from "node:fs/promises";
import { launchBroker, runningPid } from "./broker-process.ts";
import { ensureJars } from "./jars.ts";
import { tailFile } from "./log-tail.ts";
import type { NodeSpec } from "./node-spec.ts";
import { brokerAddress, nodeFiles } from "./node-spec.ts";
import { displayPath } from "./paths.ts";
import { isReachable } from "./reachability.ts";
import { renderLog4jProperties, renderServerProperties } from "./server-config.ts";
import { formatIfNeeded } from "./storage.ts";

export interface NodeStatus {
  readonly label: string;
  readonly nodeId: number;
  readonly address: string;
  /** The pid of the broker this tool started, when it runs. */
  readonly pid: number | undefined;
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
    reachable,
    serverLog: nodeFiles(spec).serverLog,
  };
}

/** Writes the node's config (always, so edits to layouts.ts apply), formats once, launches. */
export async function launchNode(spec: NodeSpec, clusterId: string): Promise<number> {
  const libsDir = await ensureJars();
  const files = nodeFiles(spec);
  await mkdir(files.logsDir, { recursive: true });
  await writeFile(files.serverProperties, renderServerProperties(spec));
  await writeFile(files.log4jProperties, renderLog4jProperties(spec));
  await formatIfNeeded(spec, clusterId, libsDir);
  return await launchBroker(spec, libsDir);
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

/** "127.0.0.1:19092 (KRaft, pid 1234, logs .cache/kafka/single/logs/server.log)" */
export function describeListening(node: {
  address: string;
  pid: number | undefined;
  serverLog: string;
}): string {
  return `${node.address} (KRaft, pid ${node.pid ?? "unknown"}, logs ${displayPath(node.serverLog)})`;
}
