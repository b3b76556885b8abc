import { setTimeout as sleep } from "node:timers/promises";
import { expectProcessAuditPass } from "@onceport/audit/testing";
import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, eachRecord, type OnceportClient, type WorkerEvent } from "../src/index.ts";
import { convert, type Payment } from "./support/currency.ts";
import {
  startGatewayProcess,
  startInProcessGateway,
  uniqueClientId,
  uniquePrefix,
} from "./support/gateways.ts";
import { checkOutputs, seedPayments, waitForGroupAtEnd } from "./support/process-checks.ts";
import { startWorkerProcess } from "./support/worker-process.ts";

// Gateway settings that make a run with faults take seconds: a dead worker's or
// gateway's group member is noticed within 6 s.
const processFlags = {
  "process-lease-ms": "10000",
  "process-rebalance-grace-ms": "1000",
  "process-session-timeout-ms": "6000",
  "process-max-batch-records": "100",
};

async function topics(partitions: number): Promise<{ input: string; output: string }> {
  const input = uniqueTopicName("sdk-payments");
  const output = uniqueTopicName("sdk-payments-eur");
  await createTopics(LOCAL_BROKERS, [
    { topic: input, numPartitions: partitions },
    { topic: output, numPartitions: 3 },
  ]);
  return { input, output };
}

describe("process(): exactly-once consume-transform-produce through the SDK (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  let client: OnceportClient;

  beforeAll(async () => {
    gateway = await startInProcessGateway(processFlags);
    client = await connect({ address: gateway.address, clientId: uniqueClientId("seed") });
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.stop(1_000);
  });

  it("3,000 payments: a worker process SIGKILLed at 30%, a second one finishes and leaves cleanly; every input's outputs exactly once", async () => {
    const { input, output } = await topics(4);
    const inputs = await seedPayments(client, input, 3_000);
    const group = uniqueClientId("eur");
    const env = { ONCEPORT_ADDRESS: gateway.address, GROUP: group, INPUT_TOPIC: input, OUTPUT_TOPIC: output };
    const started = performance.now();

    // It thinks 50 ms a batch, 2 batches in flight: killed, it leaves batches unanswered.
    const [firstId, secondId] = [uniqueClientId("first"), uniqueClientId("second")];
    const first = startWorkerProcess({ ...env, WORKER_ID: firstId, THINK_MS: "50" });
    await first.waitUntil(() => first.acked() >= 900, "30% committed");
    first.child.kill("SIGKILL");
    await first.exited;

    const second = startWorkerProcess({ ...env, WORKER_ID: secondId });
    await waitForGroupAtEnd(group, input);
    // SIGTERM: stop() leaves cleanly, and the script exits 0.
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    console.info(`process() with a worker killed: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // No output twice, each input's outputs a whole set, the group's offsets right after them.
    const report = await expectProcessAuditPass([output]);
    // What the audit cannot know: the outputs the transform owed each input, and who wrote them.
    const check = await checkOutputs(inputs, input, output, group);
    expect(check.unexpected).toEqual([]);
    expect(check.missing).toEqual([]);
    expect(check.misplaced).toEqual([]);
    expect(check.read).toBe(check.expected);
    expect(report.records.processOutputs).toBe(check.expected);
    // Both wrote some of it: the first's unanswered batches were delivered again to the second.
    expect(check.writers).toEqual(new Set([firstId, secondId]));
  });

  it("a worker that throws stops, its failed batch not written; a join the gateway refuses rejects done", async () => {
    const { input, output } = await topics(1);
    const inputs = await seedPayments(client, input, 20);
    const group = uniqueClientId("failing");
    const transform = eachRecord((record) => convert(JSON.parse(record.value.toString()) as Payment, output));
    const failure = new Error("the rates service is down");
    const failing = client.process(
      { group, topics: [input], workerId: uniqueClientId("failing"), maxBatchRecords: 5 },
      async (batch) => {
        if (batch.records.some((record) => record.offset === "12")) throw failure;
        return await transform(batch);
      },
    );
    await expect(failing.done).rejects.toBe(failure);
    // Batches before the failing one may have committed; nothing of it or after.
    const before = await readCommitted(LOCAL_BROKERS, [output], { idleMs: 1_000 });
    const inputOffsets = before.map((record) =>
      Number(record.headers["onceport-input"]?.toString().split("/")[2]),
    );
    expect(inputOffsets.filter((offset) => !(offset < 12))).toEqual([]);

    const healthy = client.process({ group, topics: [input], maxBatchRecords: 5 }, transform);
    await waitForGroupAtEnd(group, input);
    await healthy.stop();
    await expectProcessAuditPass([output]);
    const check = await checkOutputs(inputs, input, output, group);
    expect([check.missing, check.unexpected, check.misplaced]).toEqual([[], [], []]);

    const refused = client.process({ group, topics: [uniqueTopicName("missing")] }, transform);
    await expect(refused.done).rejects.toMatchObject({ reason: "TOPIC_NOT_FOUND", retriable: false });
  });
});

describe("process() across a gateway restart (real broker, gateway processes)", () => {
  it("the gateway SIGKILLed mid-run and restarted on its port: the worker joins again by itself, every input's outputs exactly once", async () => {
    const prefix = uniquePrefix("process-restart");
    let gateway = await startGatewayProcess({ prefix, flags: processFlags });
    const client = await connect({ address: gateway.address, clientId: uniqueClientId("restart") });
    try {
      const { input, output } = await topics(4);
      const inputs = await seedPayments(client, input, 3_000);
      const group = uniqueClientId("eur-restart");
      const events: WorkerEvent[] = [];
      let acked = 0;
      const transform = eachRecord((record) =>
        convert(JSON.parse(record.value.toString()) as Payment, output),
      );
      const started = performance.now();
      const worker = client.process(
        {
          group,
          topics: [input],
          maxInFlightBatches: 2,
          onEvent: (event) => {
            events.push(event);
            if (event.type === "acked") acked += event.records;
          },
        },
        async (batch) => {
          await sleep(30);
          return await transform(batch);
        },
      );
      while (acked < 900) await sleep(20);
      await gateway.kill("SIGKILL");
      gateway = await startGatewayProcess({ prefix, listen: gateway.address, flags: processFlags });
      await waitForGroupAtEnd(group, input);
      await worker.stop();
      console.info(
        `process() across a gateway restart: ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );

      const reconnects = events.filter((event) => event.type === "reconnecting");
      expect(reconnects.length).toBeGreaterThan(0);
      expect(events.filter((event) => event.type === "joined").length).toBeGreaterThanOrEqual(2);
      const report = await expectProcessAuditPass([output]);
      const check = await checkOutputs(inputs, input, output, group);
      expect(check.unexpected).toEqual([]);
      expect(check.missing).toEqual([]);
      expect(check.misplaced).toEqual([]);
      expect(check.read).toBe(check.expected);
      expect(report.records.processOutputs).toBe(check.expected);
    } finally {
      await client.close();
      await gateway.kill("SIGTERM");
    }
  });
});
