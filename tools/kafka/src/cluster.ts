// The 3-node cluster for fault tests (brokers 127.0.0.1:19201..19203). Each node can be
// started, stopped (SIGTERM) or killed (SIGKILL) on its own.
import { join } from "node:path";
import type { NodeStatus } from "./broker-node.ts";
import { failureDetails, launchNode, nodeStatus, refuseOtherVersion } from "./broker-node.ts";
import type { StopOutcome } from "./broker-process.ts";
import { isAlive, runningPid, runningVersion, stopBrokerProcess } from "./broker-process.ts";
import { CLUSTER_BROKERS, CLUSTER_DIR, CLUSTER_NODES, clusterNodeSpec } from "./layouts.ts";
import { withLock } from "./lock.ts";
import type { NodeSpec } from "./node-spec.ts";
import { brokerAddress, nodeFiles } from "./node-spec.ts";
import { KAFKA_CACHE } from "./paths.ts";
import { isReachable } from "./reachability.ts";
import { waitUntilServing } from "./readiness.ts";
import type { StartResult } from "./start-result.ts";
import { deploymentClusterId } from "./storage.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaVersion } from "./versions.ts";

const CLUSTER_LOCK = join(KAFKA_CACHE, "locks", "cluster");

/** Three JVMs starting at once on a small machine are slow: more time than for one broker. */
export const DEFAULT_CLUSTER_START_TIMEOUT_MS = 120_000;

async function withClusterLock<T>(fn: () => Promise<T>): Promise<T> {
  return await withLock(CLUSTER_LOCK, fn, {
    onWait: (pid) =>
      process.stderr.write(`[kafka] waiting for process ${pid ?? "?"}, which is changing the cluster\n`),
  });
}

/**
 * Every node must run `version` (or nothing): a node of another version is not reused, and
 * no node is started beside it (one cluster, one version). Checked before anything launches.
 */
async function refuseOtherVersions(version: KafkaVersion): Promise<void> {
  for (const spec of CLUSTER_NODES) {
    const pid = await runningPid(spec);
    const reachable = pid !== undefined || (await isReachable(brokerAddress(spec)));
    await refuseOtherVersion(spec, { pid, reachable }, "npm run kafka -- stop --cluster 3", version);
  }
}

/** Launches the node unless it runs or its port is taken; returns its pid and whether it launched. */
async function launchIfDown(
  spec: NodeSpec,
  clusterId: string,
  version: KafkaVersion,
): Promise<{ pid: number | undefined; launched: boolean }> {
  const pid = await runningPid(spec);
  if (pid !== undefined || (await isReachable(brokerAddress(spec)))) return { pid, launched: false };
  return { pid: await launchNode(spec, clusterId, version), launched: true };
}

function result(spec: NodeSpec, pid: number | undefined, launched: boolean, started: number): StartResult {
  return {
    label: spec.label,
    address: brokerAddress(spec),
    pid,
    kafkaVersion: pid === undefined ? undefined : runningVersion(pid),
    reused: !launched,
    serverLog: nodeFiles(spec).serverLog,
    elapsedMs: Date.now() - started,
  };
}

async function failWithLogs(error: unknown, specs: readonly NodeSpec[]): Promise<never> {
  const details = await Promise.all(
    specs.map(async (spec) => `[${spec.label}]\n${await failureDetails(spec, 15)}`),
  );
  throw new Error(`${error instanceof Error ? error.message : String(error)}\n${details.join("\n")}`);
}

/**
 * Starts every node that is down and waits until all three brokers are registered and a
 * topic with replication factor 3 can be created. The controller quorum needs 2 of the 3
 * voters, so the nodes are launched together rather than one after another.
 */
export async function startCluster(options: { timeoutMs?: number } = {}): Promise<StartResult[]> {
  return await withClusterLock(async () => {
    const started = Date.now();
    const version = kafkaVersion();
    await refuseOtherVersions(version);
    const clusterId = await deploymentClusterId(CLUSTER_DIR, CLUSTER_NODES);
    const launches = await Promise.all(CLUSTER_NODES.map((spec) => launchIfDown(spec, clusterId, version)));
    try {
      await waitUntilServing(CLUSTER_BROKERS, {
        brokerIds: CLUSTER_NODES.map((spec) => spec.nodeId),
        probeReplicationFactor: CLUSTER_NODES.length,
        timeoutMs: options.timeoutMs ?? DEFAULT_CLUSTER_START_TIMEOUT_MS,
        stillRunning: () => launches.every(({ pid }) => pid === undefined || isAlive(pid)),
      });
    } catch (error) {
      // Nodes launched here that never formed a working cluster would only block the ports.
      const logs = failWithLogs(error, CLUSTER_NODES);
      // It rejects (with the logs) while the stops below run: not an unhandled rejection meanwhile.
      logs.catch(() => {});
      await Promise.all(
        CLUSTER_NODES.map(async (spec, index) => {
          if (launches[index]?.launched) await stopBrokerProcess(spec, { graceMs: 5000 });
        }),
      );
      return await logs;
    }
    return CLUSTER_NODES.map((spec, index) => {
      const launch = launches[index];
      return result(spec, launch?.pid, launch?.launched ?? false, started);
    });
  });
}

/**
 * Starts one node (e.g. after killNode) and waits until it is registered and unfenced again,
 * as seen through its own listener, which means it caught up with the metadata log.
 */
export async function startNode(nodeId: number, options: { timeoutMs?: number } = {}): Promise<StartResult> {
  const spec = clusterNodeSpec(nodeId);
  return await withClusterLock(async () => {
    const started = Date.now();
    const version = kafkaVersion();
    await refuseOtherVersions(version);
    const { pid, launched } = await launchIfDown(
      spec,
      await deploymentClusterId(CLUSTER_DIR, CLUSTER_NODES),
      version,
    );
    try {
      await waitUntilServing([brokerAddress(spec)], {
        brokerIds: [nodeId],
        timeoutMs: options.timeoutMs ?? DEFAULT_CLUSTER_START_TIMEOUT_MS,
        stillRunning: () => pid === undefined || isAlive(pid),
      });
    } catch (error) {
      return await failWithLogs(error, [spec]);
    }
    return result(spec, pid, launched, started);
  });
}

export interface NodeStopResult {
  readonly nodeId: number;
  readonly outcome: StopOutcome;
  readonly pid?: number | undefined;
}

/** Controlled shutdown (SIGTERM) of one node, SIGKILL if it takes longer than 30 s. */
export async function stopNode(nodeId: number): Promise<NodeStopResult> {
  const spec = clusterNodeSpec(nodeId);
  return await withClusterLock(async () => ({ nodeId, ...(await stopBrokerProcess(spec)) }));
}

/** SIGKILL of one node: a crash, with no controlled shutdown. */
export async function killNode(nodeId: number): Promise<NodeStopResult> {
  const spec = clusterNodeSpec(nodeId);
  return await withClusterLock(async () => ({
    nodeId,
    ...(await stopBrokerProcess(spec, { signal: "SIGKILL" })),
  }));
}

/**
 * Stops every running node, one after another. A KRaft broker's controlled shutdown waits
 * (up to 5 minutes in Kafka 3.9's BrokerServer.shutdown) for the active controller to approve
 * it, which needs a majority of the 3 controllers. So all nodes but the last stop cleanly,
 * while the last, alone without a quorum, cannot: it gets SIGKILL after a short grace.
 * (SIGTERM to all at once left one node waiting until our 30 s SIGKILL.)
 */
export async function stopCluster(): Promise<NodeStopResult[]> {
  return await withClusterLock(async () => {
    const results: NodeStopResult[] = [];
    const running: NodeSpec[] = [];
    for (const spec of CLUSTER_NODES) {
      if ((await runningPid(spec)) === undefined)
        results.push({ nodeId: spec.nodeId, outcome: "not-running" });
      else running.push(spec);
    }
    for (const [index, spec] of running.entries()) {
      const last = index === running.length - 1;
      results.push({
        nodeId: spec.nodeId,
        ...(await stopBrokerProcess(spec, last ? { graceMs: 5000 } : {})),
      });
    }
    return results.sort((a, b) => a.nodeId - b.nodeId);
  });
}

export async function clusterStatus(): Promise<NodeStatus[]> {
  return await Promise.all(CLUSTER_NODES.map(nodeStatus));
}
