import { expectProcessAuditPass } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkOutputs,
  groupProgress,
  outputsOf,
  seedInput,
  transformTo,
  waitForGroupAtEnd,
} from "./support/process-checks.ts";
import { RawWorker } from "./support/process-worker.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("Process: exactly-once consume-transform-produce (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({
      "process-lease-ms": "10000",
      "process-rebalance-grace-ms": "1000",
      "process-session-timeout-ms": "6000",
      "process-max-batch-records": "500",
    });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("20,000 records: two workers killed mid-batch, a third joins and leaves; every input's outputs exactly once, offsets at the end", async () => {
    const input = uniqueTopicName("process-in");
    const output = uniqueTopicName("process-out");
    const partitions = 4;
    const count = 20_000;
    await createTopics(LOCAL_BROKERS, [
      { topic: input, numPartitions: partitions },
      { topic: output, numPartitions: 3 },
    ]);
    await seedInput(input, partitions, count);
    const group = uniqueId("group");
    const transform = transformTo(output);
    // Workers think 150 ms a batch, so joins and leaves happen with work in flight.
    const join = { group, topics: [input], maxInFlightBatches: 2, transform, answerDelayMs: 150 };
    const started = performance.now();

    // Killed on the first batch after 3,000 records: that batch stays open.
    const first = new RawWorker(test.gateway.address, {
      ...join,
      workerId: uniqueId("first"),
      decide: (_, worker) => (worker.committedRecords >= 3_000 ? "kill" : "answer"),
    });
    await first.waitUntil(() => first.killed, "it is killed");
    expect(first.held.size).toBeGreaterThan(0);

    const second = new RawWorker(test.gateway.address, {
      ...join,
      workerId: uniqueId("second"),
      decide: (_, worker) => (worker.committedRecords >= 3_000 ? "kill" : "answer"),
    });
    await second.waitUntil(() => second.killed, "it is killed");
    expect(second.held.size).toBeGreaterThan(0);

    let thirdThinks = false;
    const third = new RawWorker(test.gateway.address, {
      ...join,
      workerId: uniqueId("third"),
      decide: () => (thirdThinks ? "hold" : "answer"),
    });
    await third.waitUntil(() => third.committedRecords >= 1_000, "it committed 1,000 records");
    // A fourth joins while the third holds open batches (a rebalance with work
    // in flight, and work left for the fourth), processes, and leaves (another).
    thirdThinks = true;
    const fourth = new RawWorker(test.gateway.address, { ...join, workerId: uniqueId("fourth") });
    await fourth.waitUntil(() => fourth.assignments.length > 0, "it is assigned partitions");
    thirdThinks = false;
    third.answerHeld();
    await fourth.waitUntil(() => fourth.committedRecords >= 1_000, "it committed 1,000 records");
    expect(await fourth.leave()).toBeUndefined();
    await waitForGroupAtEnd(group, input);
    expect(await third.leave()).toBeUndefined();
    console.info(`Process with faults: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const { committed, end } = await groupProgress(group, input);
    expect([...committed].sort()).toEqual([...end].sort());
    // Every input, and after each partition's the seed's commit marker (seedInput).
    expect([...end.values()].reduce((sum, offset) => sum + offset, 0n)).toBe(BigInt(count + partitions));

    const expectedOutputs = Array.from({ length: count }, (_, value) => outputsOf(value)).reduce(
      (a, b) => a + b,
    );
    const report = await expectProcessAuditPass([output]);
    expect(report.records.processOutputs).toBe(expectedOutputs);
    // What the audit cannot know: the outputs the transform owed each input, and who wrote them.
    const check = await checkOutputs(output, input, partitions, group, count);
    expect(check.unexpected).toEqual([]);
    expect(check.missing).toEqual([]);
    expect(check.misplaced).toEqual([]);
    expect(check.count).toBe(expectedOutputs);
    // Every worker wrote some of it; the killed ones' open batches were redelivered.
    expect(check.writers).toEqual(new Set([first.id, second.id, third.id, fourth.id]));
    // The fourth worker really shared the group: it held partitions and gave them back.
    expect(fourth.assignments.some((assignment) => assignment.partitions.length > 0)).toBe(true);
  });

  it("throughput, for orientation: 20,000 records through one worker", async () => {
    const input = uniqueTopicName("process-fast-in");
    const output = uniqueTopicName("process-fast-out");
    const count = 20_000;
    await createTopics(LOCAL_BROKERS, [
      { topic: input, numPartitions: 4 },
      { topic: output, numPartitions: 4 },
    ]);
    await seedInput(input, 4, count);
    const group = uniqueId("fast");
    const started = performance.now();
    const worker = new RawWorker(test.gateway.address, {
      group,
      topics: [input],
      workerId: uniqueId("fast"),
      maxInFlightBatches: 4,
      transform: transformTo(output),
    });
    await waitForGroupAtEnd(group, input);
    const seconds = (performance.now() - started) / 1000;
    await worker.leave();
    // For orientation only (one machine, 2 cores, broker included; 500-record batches).
    console.info(`Process: ${(count / seconds).toFixed(0)} input records/s`);
    await expectProcessAuditPass([output]);
    const check = await checkOutputs(output, input, 4, group, count);
    expect(check.missing).toEqual([]);
  });

  it("refuses a join naming an unknown topic or a malformed group", async () => {
    const unknown = new RawWorker(test.gateway.address, {
      group: uniqueId("group"),
      topics: [uniqueTopicName("missing")],
      workerId: uniqueId("w"),
      transform: () => [],
    });
    expect(await unknown.ended).toMatchObject({ reason: "TOPIC_NOT_FOUND" });

    const badGroup = new RawWorker(test.gateway.address, {
      group: "has spaces",
      topics: ["x"],
      workerId: uniqueId("w"),
      transform: () => [],
    });
    expect(await badGroup.ended).toMatchObject({ reason: "INVALID_ARGUMENT" });
  });
});
