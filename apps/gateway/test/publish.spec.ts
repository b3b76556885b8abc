import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("atomic, idempotent publish (real broker)", () => {
  let test: TestGateway;
  const orders = uniqueTopicName("orders");
  const audit = uniqueTopicName("audit");

  beforeAll(async () => {
    await createTopics(LOCAL_BROKERS, [
      { topic: orders, numPartitions: 2 },
      { topic: audit, numPartitions: 1 },
    ]);
    test = await startTestGateway();
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("writes records across topics and partitions and answers with their offsets", async () => {
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("client") });
    const response = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [
        record(orders, "o-0", { partition: 0 }),
        record(orders, "o-1", { partition: 1 }),
        record(audit, "a-0"),
      ],
    });
    expect(response.duplicate).toBe(false);
    expect(response.results.map((result) => [result.topic, result.partition])).toEqual([
      [orders, 0],
      [orders, 1],
      [audit, 0],
    ]);
    const read = await readCommitted(LOCAL_BROKERS, [orders, audit], { expectedCount: 3 });
    expect(read.map((r) => r.value).sort()).toEqual(["a-0", "o-0", "o-1"]);
    for (const result of response.results) {
      const found = read.find((r) => r.topic === result.topic && r.partition === result.partition);
      expect(found?.offset).toBe(String(result.offset));
      expect(found?.headers["onceport-message-id"]?.toString()).toBe(result.messageId);
    }
  });

  it("answers a retried idempotency key with the first result and writes nothing", async () => {
    const topic = uniqueTopicName("retry");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 3 }]);
    const clientId = uniqueId("client");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const publish = {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "r-0", { key: "k0" }), record(topic, "r-1", { key: "k1" })],
    };
    const first = await test.client.call("publish", publish);
    const second = await test.client.call("publish", publish);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.results).toEqual(first.results);
    const ledger = new WriteLedger()
      .acknowledged(clientId, first.results)
      .acknowledged(clientId, second.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(2);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.every((r) => r.headers["onceport-client-id"]?.toString() === clientId)).toBe(true);
  });
});
