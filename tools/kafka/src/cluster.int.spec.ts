// Exactly-once through a broker crash: a 3-node cluster (replication factor 3,
// min.insync.replicas 2), a transactional producer committing in a loop, SIGKILL of the
// leader of partition 0, commits going on while it is down, restart, commits going on.
// Every 4th transaction is aborted on purpose. Verdict from the data: every committed record
// read exactly once, in order per partition, no record of an aborted transaction visible.

import { setTimeout as sleep } from "node:timers/promises";
import { createKafkaClient, type KafkaAdmin, type KafkaClient } from "@onceport/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killNode, startCluster, startNode, stopCluster } from "./cluster.ts";
import { type ClusterClaim, claimCluster } from "./cluster-claim.ts";
import { devAdapter } from "./dev-client.ts";
import { CLUSTER_BROKERS } from "./layouts.ts";
import { isReachable } from "./reachability.ts";
import { createTopics, readCommitted, uniqueTopicName, uniqueTransactionalId } from "./testing.ts";
import { sequenceOf, TransactionLoop } from "./transaction-loop.ts";

const brokers = CLUSTER_BROKERS;
const PARTITIONS = 3;
const COMMITS_PER_PHASE = 10;

let client: KafkaClient;
let admin: KafkaAdmin | undefined;
let claim: ClusterClaim | undefined;

function connectedAdmin(): KafkaAdmin {
  if (!admin) throw new Error("beforeAll did not connect the admin client");
  return admin;
}

beforeAll(async () => {
  // The fault suite (tools/faults) kills nodes of this cluster too: one of us at a time.
  claim = await claimCluster();
  await startCluster();
  // Fail-over takes a few seconds (broker.session.timeout.ms 6 s): requests get 15 s.
  client = await createKafkaClient(devAdapter("producer"), {
    brokers,
    clientId: "cluster-test",
    requestTimeoutMs: 15_000,
  });
  admin = await client.admin();
  // Waiting for the claim may take as long as another package's cluster run.
}, 900_000);

afterAll(async () => {
  try {
    await admin?.close();
    // Always, also when the test failed: leave no JVMs behind.
    if (claim) await stopCluster();
  } finally {
    await claim?.release();
  }
}, 120_000);

async function waitForFullIsr(topic: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [described] = await connectedAdmin().describeTopics([topic]);
    if (described?.partitions.every((partition) => partition.isr.length === 3)) return;
    if (Date.now() >= deadline)
      throw new Error(`ISR of ${topic} not back to 3 replicas after ${timeoutMs} ms`);
    await sleep(500);
  }
}

describe("3-broker cluster", () => {
  // Its own waits bound each phase (60 + 90 + 90 s, ISR 60 s, reading 90 s): the test's timeout
  // is their sum, not vitest's default 120 s, which a loaded CI machine overran.
  it("keeps exactly-once through a SIGKILL and restart of a partition leader", async () => {
    const topic = uniqueTopicName("cluster-eos");
    await createTopics(brokers, [{ topic, numPartitions: PARTITIONS, replicationFactor: 3 }]);

    const [described] = await connectedAdmin().describeTopics([topic]);
    const partitions = described?.partitions ?? [];
    expect(partitions).toHaveLength(PARTITIONS);
    for (const partition of partitions) expect([...partition.replicas].sort()).toEqual([1, 2, 3]);
    // min.insync.replicas=2 on every node is the layout's (layouts.ts, checked by server-config.spec.ts).
    const victim = partitions.find((partition) => partition.partition === 0)?.leader ?? -1;
    expect(victim).toBeGreaterThanOrEqual(1);

    const loop = new TransactionLoop({
      client,
      topic,
      partitions: PARTITIONS,
      transactionalId: uniqueTransactionalId("cluster-eos"),
      recordsPerTransaction: 6,
      abortEvery: 4,
    });
    loop.phase = "before-kill";
    const running = loop.run();
    let downMs = 0;
    try {
      await loop.waitForCommits("before-kill", COMMITS_PER_PHASE, 60_000);
      expect((await killNode(victim)).outcome).toBe("killed");
      const killedAt = Date.now();
      loop.phase = "node-down";
      await loop.waitForCommits("node-down", COMMITS_PER_PHASE, 90_000);
      // Still down (nothing restarted it behind our back) when the down-phase commits are in.
      expect(await isReachable(brokers[victim - 1] ?? "")).toBe(false);
      loop.phase = "restarting";
      downMs = Date.now() - killedAt;
      await startNode(victim);
      loop.phase = "after-restart";
      await loop.waitForCommits("after-restart", COMMITS_PER_PHASE, 90_000);
      await waitForFullIsr(topic, 60_000);
    } finally {
      loop.stop();
      await running;
    }

    const valuesWith = (outcome: string) =>
      loop.ledger.filter((entry) => entry.outcome === outcome).flatMap((entry) => entry.values);
    const committed = valuesWith("committed");
    const aborted = new Set(valuesWith("aborted"));
    const indeterminate = new Set(valuesWith("indeterminate"));
    const records = await readCommitted(brokers, [topic], {
      expectedCount: committed.length,
      idleMs: 3000,
      timeoutMs: 90_000,
    });
    const read = records.map((record) => record.value ?? "");
    const readSet = new Set(read);

    console.info(
      `[cluster test] victim node ${victim}, down ${(downMs / 1000).toFixed(1)} s; transactions: ` +
        `${loop.ledger.length} (${loop.committedIn("before-kill")} committed before the kill, ` +
        `${loop.committedIn("node-down")} while down, ${loop.committedIn("restarting")} during restart, ` +
        `${loop.committedIn("after-restart")} after); longest pause between commits ` +
        `${(loop.longestCommitGapMs() / 1000).toFixed(1)} s; aborted records ${aborted.size}, ` +
        `indeterminate ${indeterminate.size}; read ${read.length}; errors: ${loop.errors.join(" | ") || "none"}`,
    );

    // No duplicates.
    expect(read.filter((value, index) => read.indexOf(value) !== index)).toEqual([]);
    // None lost: every committed record is there.
    expect(committed.filter((value) => !readSet.has(value))).toEqual([]);
    // Nothing from a transaction that definitely failed; nothing never written.
    expect(read.filter((value) => aborted.has(value))).toEqual([]);
    const known = new Set([...committed, ...indeterminate]);
    expect(read.filter((value) => !known.has(value))).toEqual([]);
    // Per partition: records in the partition they were sent to, in the order they were sent.
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const inPartition = records
        .filter((record) => record.partition === partition)
        .sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1))
        .map((record) => sequenceOf(record.value ?? ""));
      expect(inPartition.every((sequence) => sequence % PARTITIONS === partition)).toBe(true);
      expect(inPartition).toEqual([...inPartition].sort((a, b) => a - b));
    }
    // The cluster kept committing while a third of it was dead.
    expect(loop.committedIn("node-down")).toBeGreaterThanOrEqual(COMMITS_PER_PHASE);
  }, 450_000);
});
