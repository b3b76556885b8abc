// "Ready" means what tests need: the brokers are registered and a topic can be created
// (which needs the controller quorum and, for replicated topics, enough live brokers) and
// deleted again. A listening port alone is not enough: KRaft brokers accept connections
// before they have caught up with the metadata log.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { withAdmin } from "./dev-client.ts";
import { isReachable } from "./reachability.ts";
import { waitForTopicsOnAllBrokers } from "./topic-metadata.ts";

export interface ReadinessOptions {
  /** Broker ids that must be registered (and unfenced: KRaft metadata lists only those). */
  readonly brokerIds: readonly number[];
  /** Create and delete a probe topic with this replication factor; skip the probe when undefined. */
  readonly probeReplicationFactor?: number | undefined;
  readonly timeoutMs: number;
  /** Checked on every round so that a broker that crashed fails the wait at once. */
  readonly stillRunning?: (() => boolean) | undefined;
}

export async function waitUntilServing(
  addresses: readonly string[],
  options: ReadinessOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = "no broker port accepted a connection yet";
  while (Date.now() < deadline) {
    if (options.stillRunning && !options.stillRunning())
      throw new Error("the broker process exited during start-up");
    const reachable = await Promise.all(addresses.map((address) => isReachable(address, 500)));
    if (reachable.every(Boolean)) {
      try {
        await probe(addresses, options);
        return;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
    }
    await sleep(500);
  }
  throw new Error(
    `brokers at ${addresses.join(",")} not ready after ${options.timeoutMs} ms: ${lastProblem}`,
  );
}

async function probe(addresses: readonly string[], options: ReadinessOptions): Promise<void> {
  // Our loop does the retrying, with a fresh view of the cluster each round.
  await withAdmin(
    addresses,
    async (admin) => {
      const registered = new Set((await admin.describeCluster()).map((broker) => broker.nodeId));
      const missing = options.brokerIds.filter((id) => !registered.has(id));
      if (missing.length > 0) throw new Error(`broker(s) ${missing.join(",")} not registered yet`);
      if (options.probeReplicationFactor === undefined) return;
      const topic = `onceport-ready-probe-${randomBytes(6).toString("hex")}`;
      await admin.createTopics([
        { topic, numPartitions: 1, replicationFactor: options.probeReplicationFactor },
      ]);
      try {
        await waitForTopicsOnAllBrokers(addresses, [topic], 10_000);
      } finally {
        // Also when the wait failed: the next round probes with a new topic.
        await admin.deleteTopics([topic]);
      }
    },
    "onceport-readiness",
  );
}
