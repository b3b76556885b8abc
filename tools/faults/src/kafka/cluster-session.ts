// The 3-broker cluster for the scenarios that need it, claimed for the whole run (the
// kafka-dev cluster test kills nodes of the same cluster: one of us at a time), started once,
// stopped and given back at the end.
import { setTimeout as sleep } from "node:timers/promises";
import {
  CLUSTER_BROKERS,
  CLUSTER_PROXIED,
  type ClusterClaim,
  claimCluster,
  clusterStatus,
  isReachable,
  startCluster,
  stopCluster,
} from "@onceport/kafka-dev";

/** The controllers' ports (tools/kafka's cluster layout): 1930N. */
const CONTROLLERS = CLUSTER_BROKERS.map((_, index) => `127.0.0.1:${19301 + index}`);

/**
 * Waits while the cluster's ports are held by brokers this checkout did not start (another
 * clone of the repository on the same machine runs its own cluster on the same ports, and
 * claims only its own copy of the cluster): starting ours then would mix two clusters.
 */
async function waitForForeignCluster(log: (line: string) => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const nodes = await clusterStatus();
    const controllers = await Promise.all(CONTROLLERS.map((address) => isReachable(address)));
    const foreign = nodes.filter(
      (node, index) => node.pid === undefined && (node.reachable || controllers[index]),
    );
    if (foreign.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `cluster ports still held by brokers this checkout did not start: ${foreign.map((n) => n.address).join(", ")}`,
      );
    }
    if (!told)
      log("the cluster's ports are held by brokers this checkout did not start (another clone?): waiting");
    told = true;
    await sleep(5_000);
  }
}

export class ClusterSession {
  readonly brokers: readonly string[] = CLUSTER_BROKERS;
  private readonly claim: ClusterClaim;

  private constructor(claim: ClusterClaim) {
    this.claim = claim;
  }

  static async open(log: (line: string) => void): Promise<ClusterSession> {
    log("claiming the 3-broker cluster (waits while another test uses it)");
    const claim = await claimCluster({
      onWait: (pid) => log(`the cluster is in use by process ${pid ?? "?"}: waiting`),
    });
    try {
      await waitForForeignCluster(log, 900_000);
      const started = Date.now();
      await startCluster();
      // A cluster started before it had the proxied listener (an older checkout) lacks it.
      const listeners = await Promise.all(CLUSTER_PROXIED.map((broker) => isReachable(broker.upstream)));
      if (!listeners.every(Boolean)) {
        log("the running cluster has no proxied listeners yet: restarting it");
        await stopCluster();
        await startCluster();
      }
      log(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return new ClusterSession(claim);
    } catch (error) {
      await stopCluster().catch(() => {});
      await claim.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await stopCluster();
    } finally {
      await this.claim.release();
    }
  }
}
