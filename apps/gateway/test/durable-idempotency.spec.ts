import { randomUUID } from "node:crypto";
import { expectAuditPass, publishWrites, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { describe, expect, it } from "vitest";
import { useGatewayProcesses } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { uniqueId } from "./support/test-gateway.ts";

describe("durable idempotency keys (real broker, real gateway processes)", () => {
  const start = useGatewayProcesses();

  it("a gateway killed between commit and answer: the retry through another gateway gets the first result, one copy", async () => {
    const topic = uniqueTopicName("crash");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 3 }]);
    const prefix = `crash-${randomUUID().slice(0, 8)}-`;
    const clientId = uniqueId("client");
    const idempotencyKey = uniqueId("doomed");
    const records = [
      record(topic, "c-0", { key: "a" }),
      record(topic, "c-1", { key: "b" }),
      record(topic, "c-2"),
    ];

    const doomed = await start({
      prefix,
      testFlags: { "test-crash-after-commit-of-key": idempotencyKey },
    });
    const first = await doomed.client.call("openSession", { clientId });
    const lost = doomed.client.call("publish", { sessionId: first.sessionId, idempotencyKey, records });
    await expect(lost).rejects.toMatchObject({ retriable: true });
    expect((await doomed.exited).signal).toBe("SIGKILL");

    const survivor = await start({ prefix });
    const second = await survivor.client.call("openSession", { clientId });
    const retried = await survivor.client.call("publish", {
      sessionId: second.sessionId,
      idempotencyKey,
      records,
    });
    expect(retried.duplicate).toBe(true);
    expect(retried.results).toHaveLength(3);

    // The first answer was lost, the retry's says where the records are: each there once.
    const ledger = new WriteLedger()
      .unknown(clientId, publishWrites(idempotencyKey, records))
      .acknowledged(clientId, retried.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(3);
    // And exactly where the retry's answer says (the audit does not compare offsets of records it read).
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 3 });
    expect(read.map((r) => r.value).sort()).toEqual(["c-0", "c-1", "c-2"]);
    for (const result of retried.results) {
      const landed = read.find((r) => r.headers["onceport-message-id"]?.toString() === result.messageId);
      expect(landed && [landed.partition, landed.offset]).toEqual([result.partition, String(result.offset)]);
    }
  });

  it("a retry reaching another live gateway gets the first result and writes nothing", async () => {
    const topic = uniqueTopicName("across");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const prefix = `across-${randomUUID().slice(0, 8)}-`;
    const [gatewayA, gatewayB] = await Promise.all([start({ prefix }), start({ prefix })]);
    const clientId = uniqueId("client");
    const idempotencyKey = uniqueId("key");
    const records = [record(topic, "x-0", { partition: 0 }), record(topic, "x-1", { partition: 1 })];

    const onA = await gatewayA.client.call("openSession", { clientId });
    const original = await gatewayA.client.call("publish", {
      sessionId: onA.sessionId,
      idempotencyKey,
      records,
    });
    const onB = await gatewayB.client.call("openSession", { clientId });
    const retried = await gatewayB.client.call("publish", {
      sessionId: onB.sessionId,
      idempotencyKey,
      records,
    });

    expect(original.duplicate).toBe(false);
    expect(retried.duplicate).toBe(true);
    expect(retried.results).toEqual(original.results);
    const ledger = new WriteLedger()
      .acknowledged(clientId, original.results)
      .acknowledged(clientId, retried.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(2);
  });

  it("an interactive transaction retried with its key after it committed is reported as committed", async () => {
    const topic = uniqueTopicName("interactive-retry");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const gateway = await start({});
    const clientId = uniqueId("client");
    const idempotencyKey = uniqueId("tx");
    const { sessionId } = await gateway.client.call("openSession", { clientId });
    const { transactionId } = await gateway.client.call("beginTransaction", { sessionId, idempotencyKey });
    await gateway.client.call("send", { sessionId, transactionId, records: [record(topic, "t-0")] });
    const committed = await gateway.client.call("commitTransaction", { sessionId, transactionId });

    const again = await gateway.client.call("beginTransaction", { sessionId, idempotencyKey });
    expect(again.alreadyCommitted).toBe(true);
    expect(again.transactionId).toBe("");
    expect(again.results).toEqual(committed.results);
    const report = await expectAuditPass(
      [topic],
      new WriteLedger().acknowledged(clientId, committed.results),
    );
    expect(report.records.committed).toBe(1);
  });
});
