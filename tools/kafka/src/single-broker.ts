// The single-node broker for development and tests (127.0.0.1:19092).
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { NodeStatus } from "./broker-node.ts";
import { failureDetails, launchNode, nodeStatus, refuseOtherVersion } from "./broker-node.ts";
import { isAlive, runningPid, runningVersion, stopBrokerProcess } from "./broker-process.ts";
import { SINGLE_DIR, SINGLE_NODE } from "./layouts.ts";
import { liveLeases } from "./leases.ts";
import type { LockOptions } from "./lock.ts";
import { withLock } from "./lock.ts";
import type { NodeSpec } from "./node-spec.ts";
import { brokerAddress, nodeFiles } from "./node-spec.ts";
import { KAFKA_CACHE } from "./paths.ts";
import { isReachable } from "./reachability.ts";
import { waitUntilServing } from "./readiness.ts";
import { renderServerProperties } from "./server-config.ts";
import type { StartResult } from "./start-result.ts";
import { deploymentClusterId } from "./storage.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaVersion } from "./versions.ts";

/** Serialises every start and stop of the single broker, across processes. */
export const SINGLE_LOCK = join(KAFKA_CACHE, "locks", "single");

/**
 * Present while the running broker was started by the test harness (ensureLocalBroker), which
 * will then stop it after the last test run; absent for a broker someone started on purpose.
 */
export const HARNESS_MARK = join(SINGLE_DIR, "started-by-test-harness");

export const DEFAULT_START_TIMEOUT_MS = 90_000;

const lockWaitMessage: LockOptions = {
  onWait: (pid) =>
    process.stderr.write(
      `[kafka] waiting for process ${pid ?? "?"}, which is starting or stopping the broker\n`,
    ),
};

export async function withSingleLock<T>(fn: () => Promise<T>): Promise<T> {
  return await withLock(SINGLE_LOCK, fn, lockWaitMessage);
}

const STOP_COMMAND = "npm run kafka -- stop";

/**
 * Starts the broker of the selected Kafka version unless one is reachable; call only while
 * holding SINGLE_LOCK. A running broker of another version is an error, not reused.
 */
export async function startSingleLocked(timeoutMs = DEFAULT_START_TIMEOUT_MS): Promise<StartResult> {
  const started = Date.now();
  const spec = SINGLE_NODE;
  const address = brokerAddress(spec);
  const version = kafkaVersion();
  let pid = await runningPid(spec);
  if (pid !== undefined) await refuseOtherVersion(spec, { pid, reachable: true }, STOP_COMMAND, version);
  if (pid !== undefined && (await runsStaleConfig(spec, version))) {
    // E.g. a listener added since it started. Restarting pulls the broker from under any test
    // running now, so only when no test run holds a lease.
    if ((await liveLeases()).length === 0) {
      process.stderr.write(
        `[kafka] ${spec.label} runs an older configuration than tools/kafka's: restarting it\n`,
      );
      await stopBrokerProcess(spec);
      pid = undefined;
    } else {
      process.stderr.write(
        `[kafka] ${spec.label} runs an older configuration than tools/kafka's, and tests use it now: keeping it; restart it later (npm run kafka -- stop, then start)\n`,
      );
    }
  }
  const reachable = await isReachable(address);
  if (pid === undefined && reachable)
    await refuseOtherVersion(spec, { pid: undefined, reachable }, STOP_COMMAND, version);
  let launched = false;
  if (pid === undefined && !reachable) {
    await rm(HARNESS_MARK, { force: true });
    pid = await launchNode(spec, await deploymentClusterId(SINGLE_DIR, [spec]), version);
    launched = true;
  }
  const ourPid = pid;
  try {
    await waitUntilServing([address], {
      // A broker we did not start may have another node id; any broker will do then.
      brokerIds: ourPid === undefined ? [] : [spec.nodeId],
      probeReplicationFactor: 1,
      timeoutMs,
      stillRunning: ourPid === undefined ? undefined : () => isAlive(ourPid),
    });
  } catch (error) {
    const details = ourPid === undefined ? "" : `\n${await failureDetails(spec)}`;
    // A broker we launched that never became ready is of no use and would block the port.
    if (launched) await stopBrokerProcess(spec, { graceMs: 5000 });
    throw new Error(`${error instanceof Error ? error.message : String(error)}${details}`);
  }
  return {
    label: spec.label,
    address,
    pid,
    kafkaVersion: launched ? version : ourPid === undefined ? undefined : runningVersion(ourPid),
    reused: !launched,
    serverLog: nodeFiles(spec).serverLog,
    elapsedMs: Date.now() - started,
  };
}

/** The running broker was launched with other settings than layouts.ts now gives (its file is rewritten at each launch). */
async function runsStaleConfig(spec: NodeSpec, version: KafkaVersion): Promise<boolean> {
  const launchedWith = await readFile(nodeFiles(spec).serverProperties, "utf8").catch(() => undefined);
  return launchedWith !== undefined && launchedWith !== renderServerProperties(spec, version);
}

/**
 * Starts the broker (or reuses a reachable one) and waits until it serves. A broker started
 * this way is kept running until stopLocalBroker(), even if the test harness reused it.
 */
export async function startLocalBroker(options: { timeoutMs?: number } = {}): Promise<StartResult> {
  return await withSingleLock(async () => {
    const result = await startSingleLocked(options.timeoutMs);
    await rm(HARNESS_MARK, { force: true });
    return result;
  });
}

export type StopResult =
  | { readonly outcome: "stopped" | "killed"; readonly pid: number }
  | { readonly outcome: "not-running" }
  /** Something listens on the port but it is no broker this tool started (no pid file). */
  | { readonly outcome: "foreign"; readonly address: string };

export async function stopSingleLocked(): Promise<StopResult> {
  await rm(HARNESS_MARK, { force: true });
  const { outcome, pid } = await stopBrokerProcess(SINGLE_NODE);
  if (outcome !== "not-running" && pid !== undefined) return { outcome, pid };
  const address = brokerAddress(SINGLE_NODE);
  return (await isReachable(address)) ? { outcome: "foreign", address } : { outcome: "not-running" };
}

/** SIGTERM to the broker from the pid file, SIGKILL if it has not exited after 30 s. */
export async function stopLocalBroker(): Promise<StopResult> {
  return await withSingleLock(stopSingleLocked);
}

/** SIGKILL to the broker from the pid file: a crash, for fault tests. */
export async function killLocalBroker(): Promise<StopResult> {
  return await withSingleLock(async () => {
    const { outcome, pid } = await stopBrokerProcess(SINGLE_NODE, { signal: "SIGKILL" });
    return outcome !== "not-running" && pid !== undefined ? { outcome, pid } : { outcome: "not-running" };
  });
}

export async function localBrokerStatus(): Promise<NodeStatus & { readonly startedByHarness: boolean }> {
  return { ...(await nodeStatus(SINGLE_NODE)), startedByHarness: existsSync(HARNESS_MARK) };
}
