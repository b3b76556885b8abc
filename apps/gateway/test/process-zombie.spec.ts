import { randomUUID } from "node:crypto";
import { expectProcessAuditPass } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { checkOutputs, seedInput, transformTo, waitForGroupAtEnd } from "./support/process-checks.ts";
import { RawWorker } from "./support/process-worker.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

/** Two input partitions, so that a second worker takes one of them over. */
async function prepare(count: number): Promise<{ input: string; output: string }> {
  const input = uniqueTopicName("zombie-in");
  const output = uniqueTopicName("zombie-out");
  await createTopics(LOCAL_BROKERS, [
    { topic: input, numPartitions: 2 },
    { topic: output, numPartitions: 2 },
  ]);
  await seedInput(input, 2, count);
  return { input, output };
}

function partitionsOf(worker: RawWorker): number[] {
  return worker.assignments.at(-1)?.partitions.flatMap((entry) => entry.partitions) ?? [];
}

describe("Process zombies (real broker)", () => {
  describe("a paused worker", () => {
    let test: TestGateway;

    beforeAll(async () => {
      test = await startTestGateway({
        // Long enough that the pause below is not ended by the lease.
        "process-lease-ms": "20000",
        "process-rebalance-grace-ms": "1000",
        "process-session-timeout-ms": "6000",
        "process-max-batch-records": "100",
      });
    });
    afterAll(async () => {
      await test?.stop();
    });

    it("holds open batches while its partitions move to another worker: its late answers are rejected, nothing doubles", async () => {
      const count = 2_000;
      const { input, output } = await prepare(count);
      const group = uniqueId("group");
      const join = { group, topics: [input], maxInFlightBatches: 2, transform: transformTo(output) };

      // The zombie holds every batch it gets: it is paused mid-batch.
      let paused = true;
      const zombie = new RawWorker(test.gateway.address, {
        ...join,
        workerId: uniqueId("zombie"),
        decide: () => (paused ? "hold" : "answer"),
      });
      await zombie.waitUntil(
        () => new Set([...zombie.held.values()].map((batch) => batch.partition)).size === 2,
        "it holds a batch of each partition",
      );
      const stale = [...zombie.held.values()];

      // Another worker joins: the group rebalances, the zombie's open batches
      // are revoked after the grace, and one partition moves over.
      const live = new RawWorker(test.gateway.address, { ...join, workerId: uniqueId("live") });
      await live.waitUntil(() => partitionsOf(live).length === 1, "it holds a partition");
      const moved = partitionsOf(live)[0];
      expect(stale.map((batch) => batch.partition)).toContain(moved);
      await live.waitUntil(() => live.acks.length > 0, "it committed a batch");

      // The zombie resumes and answers what it held: every answer is refused.
      paused = false;
      const staleIds = stale.map((batch) => batch.batchId);
      for (const batch of stale) zombie.answer(batch);
      zombie.answerHeld();
      await zombie.waitUntil(
        () => staleIds.every((id) => zombie.rejections.filter((r) => r.batchId === id).length >= 2),
        "its late answers are rejected",
      );
      expect(zombie.rejections.filter((r) => staleIds.includes(r.batchId)).map((r) => r.reason)).toEqual(
        staleIds.flatMap(() => ["BATCH_REVOKED", "BATCH_REVOKED"]),
      );
      expect(zombie.acks.filter((ack) => staleIds.includes(ack.batchId))).toEqual([]);

      await waitForGroupAtEnd(group, input);
      await Promise.all([zombie.leave(), live.leave()]);
      await expectProcessAuditPass([output]);
      const check = await checkOutputs(output, input, 2, group, count);
      expect(check.unexpected).toEqual([]);
      expect(check.missing).toEqual([]);
    });
  });

  describe("a stuck worker", () => {
    let test: TestGateway;

    beforeAll(async () => {
      test = await startTestGateway({
        "process-lease-ms": "1500",
        "process-session-timeout-ms": "6000",
        "process-max-batch-records": "100",
      });
    });
    afterAll(async () => {
      await test?.stop();
    });

    it("loses its lease: its batch is dropped, it leaves the group, another worker does the work; a stop ends the rest", async () => {
      const count = 400;
      const { input, output } = await prepare(count);
      const group = uniqueId("group");
      const join = { group, topics: [input], maxInFlightBatches: 2, transform: transformTo(output) };
      const stuck = new RawWorker(test.gateway.address, {
        ...join,
        workerId: uniqueId("stuck"),
        decide: () => "hold",
      });
      await stuck.waitUntil(() => stuck.held.size > 0, "it holds a batch");
      const live = new RawWorker(test.gateway.address, { ...join, workerId: uniqueId("live") });
      expect(await stuck.ended).toMatchObject({ reason: "BATCH_LEASE_EXPIRED", retriable: true });
      expect(stuck.rejections.map((r) => r.reason)).toContain("BATCH_LEASE_EXPIRED");

      await waitForGroupAtEnd(group, input);
      await expectProcessAuditPass([output]);
      const check = await checkOutputs(output, input, 2, group, count);
      expect(check.missing).toEqual([]);
      expect(check.writers).toEqual(new Set([live.id]));

      // The gateway stops: a connected worker is told to go elsewhere.
      await test.stop();
      expect(await live.ended).toMatchObject({ reason: "SHUTTING_DOWN", retriable: true });
    });
  });

  describe("a paused gateway", () => {
    let gatewayA: GatewayProcess;
    let gatewayB: GatewayProcess;

    beforeAll(async () => {
      const prefix = `zombie-${randomUUID().slice(0, 8)}-`;
      const flags = {
        "process-lease-ms": "60000",
        "process-rebalance-grace-ms": "5000",
        "process-session-timeout-ms": "6000",
        "process-max-batch-records": "100",
      };
      [gatewayA, gatewayB] = await Promise.all([
        startGatewayProcess({ prefix, flags }),
        startGatewayProcess({ prefix, flags }),
      ]);
    });
    afterAll(async () => {
      gatewayA?.child.kill("SIGCONT");
      await Promise.all([gatewayA?.kill(), gatewayB?.kill()]);
    });

    it("frozen with an open batch while another gateway takes its partitions: the answer it commits later is fenced", async () => {
      const count = 1_000;
      const { input, output } = await prepare(count);
      const group = uniqueId("group");
      const join = { group, topics: [input], transform: transformTo(output) };

      let paused = true;
      const zombie = new RawWorker(gatewayA.address, {
        ...join,
        workerId: uniqueId("zombie"),
        decide: () => (paused ? "hold" : "answer"),
      });
      await zombie.waitUntil(() => zombie.held.size === 1, "it holds a batch");
      const [stale] = [...zombie.held.values()];
      if (!stale) throw new Error("no held batch");

      // Gateway A freezes (a GC pause, a stopped VM): its group session times
      // out, gateway B's worker gets every partition and fences A's producers.
      gatewayA.child.kill("SIGSTOP");
      const live = new RawWorker(gatewayB.address, { ...join, workerId: uniqueId("live") });
      await waitForGroupAtEnd(group, input);
      expect(partitionsOf(live)).toEqual([0, 1]);

      // A wakes up and gets the answer of the batch it still thinks it owns.
      gatewayA.child.kill("SIGCONT");
      paused = false;
      zombie.answer(stale);
      await zombie.waitUntil(
        () => zombie.rejections.some((r) => r.batchId === stale.batchId),
        "its answer is rejected",
      );
      expect(zombie.rejections.find((r) => r.batchId === stale.batchId)?.reason).toBe("PRODUCER_FENCED");

      // Both gateways go on: the group settles, and nothing was written twice.
      await live.waitUntil(() => live.assignments.length >= 2, "the group rebalanced once more");
      await Promise.all([zombie.leave(), live.leave()]);
      await expectProcessAuditPass([output]);
      const check = await checkOutputs(output, input, 2, group, count);
      expect(check.unexpected).toEqual([]);
      expect(check.missing).toEqual([]);
      expect(check.writers).toEqual(new Set([live.id]));
    });
  });
});
