import { expectAuditPass, publishWrites, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { openRequest, publishRequest, runStream } from "./support/run-stream.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

// A client writes a partition's records of one request as one record batch, and the broker
// refuses a batch above message.max.bytes (about 1 MiB) however often it is sent: the gateway
// must split what it sends by bytes, and say plainly, without a retry, when one record cannot fit.
describe("batches above Kafka's size limit (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({ "stream-max-batch-records": "5000", "stream-window-records": "10000" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  const kib = (i: number) => `${i}:`.padEnd(1024, "x");

  it("commits a unary publish of 3 MiB to one partition, each record at the offset it was told", async () => {
    const topic = uniqueTopicName("large-unary");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueId("large");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const count = 3000;
    const response = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: Array.from({ length: count }, (_, i) => record(topic, kib(i))),
    });
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: count, idleMs: 1500 });
    // Whole, in order, and each at the offset its result gives (what the audit does not compare).
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: count }, (_, i) => kib(i)));
    expect(response.results.map((result) => String(result.offset))).toEqual(read.map((r) => r.offset));
    await expectAuditPass([topic], new WriteLedger().acknowledged(clientId, response.results));
  });

  it("commits a stream batch of 5 MiB to one partition and acknowledges every publish", async () => {
    const topic = uniqueTopicName("large-stream");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueId("large");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const publishes = 500;
    const perPublish = 10;
    const responses = await runStream(
      test.client.publishStream(),
      (function* () {
        yield openRequest(sessionId);
        for (let p = 0; p < publishes; p++) {
          yield publishRequest(
            `p-${p}`,
            Array.from({ length: perPublish }, (_, j) => record(topic, kib(p * perPublish + j))),
          );
        }
      })(),
    );
    expect(responses.filter((r) => r.error !== undefined)).toEqual([]);
    expect(responses).toHaveLength(publishes);
    const ledger = new WriteLedger();
    for (const response of responses) ledger.acknowledged(clientId, response.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.ledger?.acknowledgedRead).toBe(publishes * perPublish);
    expect(report.records.committed).toBe(publishes * perPublish);
  });

  it("refuses, not retriable, a record above the topic's own max.message.bytes, and writes nothing", async () => {
    const topic = uniqueTopicName("small-topic");
    await createTopics(LOCAL_BROKERS, [
      { topic, configEntries: [{ name: "max.message.bytes", value: "2000" }] },
    ]);
    const clientId = uniqueId("large");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const refusedKey = uniqueId("key");
    const refusedRecords = [record(topic, "fits"), record(topic, "x".repeat(4000))];
    const refused = test.client.call("publish", {
      sessionId,
      idempotencyKey: refusedKey,
      records: refusedRecords,
    });
    await expect(refused).rejects.toMatchObject({ reason: "RECORD_TOO_LARGE", retriable: false });
    // The session goes on, and the refused publish left nothing behind.
    const after = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "after")],
    });
    const ledger = new WriteLedger()
      .failed(clientId, publishWrites(refusedKey, refusedRecords))
      .acknowledged(clientId, after.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(1);
  });
});

// A transaction's receipt (its keys, and every record's topic, partition, offset and
// message id) is one record: it must fit in one batch too, or Kafka refuses the whole
// transaction at its end. Here the receipts topic takes at most 30,000 bytes a batch.
describe("receipts near Kafka's size limit (real broker)", () => {
  let test: TestGateway;
  const maxBatchBytes = "30000";

  beforeAll(async () => {
    const receiptsTopic = uniqueTopicName("receipts-small");
    await createTopics(LOCAL_BROKERS, [
      { topic: receiptsTopic, configEntries: [{ name: "max.message.bytes", value: maxBatchBytes }] },
    ]);
    test = await startTestGateway({
      "receipts-topic": receiptsTopic,
      "kafka-max-batch-bytes": maxBatchBytes,
    });
  });
  afterAll(async () => {
    await test?.stop();
  });

  const records = (topic: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      ...record(topic, `value-${from + i}`),
      messageId: `message-${String(from + i).padStart(24, "0")}`,
    }));

  it("refuses a unary publish whose receipt could not be written, before writing anything", async () => {
    const topic = uniqueTopicName("receipt-unary");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("receipts") });
    await expect(
      test.client.call("publish", {
        sessionId,
        idempotencyKey: uniqueId("key"),
        records: records(topic, 0, 400),
      }),
    ).rejects.toMatchObject({ reason: "REQUEST_TOO_LARGE", retriable: false });
    await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: records(topic, 400, 100),
    });
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 100, idleMs: 1000 });
    expect(read).toHaveLength(100);
  });

  it("commits a stream's publishes in as many transactions as their receipts need", async () => {
    const topic = uniqueTopicName("receipt-stream");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("receipts") });
    const publishes = 200;
    const responses = await runStream(test.client.publishStream(), [
      openRequest(sessionId),
      ...Array.from({ length: publishes }, (_, p) => publishRequest(`p-${p}`, records(topic, p * 10, 10))),
    ]);
    expect(responses.filter((r) => r.error !== undefined || r.duplicate)).toEqual([]);
    expect(responses).toHaveLength(publishes);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: publishes * 10, idleMs: 1500 });
    expect(new Set(read.map((r) => r.value)).size).toBe(publishes * 10);
    expect(read).toHaveLength(publishes * 10);
  });

  it("refuses a send that would outgrow the transaction's receipt, and keeps the transaction open", async () => {
    const topic = uniqueTopicName("receipt-interactive");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("receipts") });
    const { transactionId } = await test.client.call("beginTransaction", {
      sessionId,
      idempotencyKey: uniqueId("key"),
    });
    await test.client.call("send", { sessionId, transactionId, records: records(topic, 0, 200) });
    await expect(
      test.client.call("send", { sessionId, transactionId, records: records(topic, 200, 200) }),
    ).rejects.toMatchObject({ reason: "REQUEST_TOO_LARGE", retriable: false });
    await test.client.call("commitTransaction", { sessionId, transactionId });
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 200, idleMs: 1000 });
    expect(read.map((r) => r.value)).toEqual(Array.from({ length: 200 }, (_, i) => `value-${i}`));
  });
});
