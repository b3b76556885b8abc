import { setTimeout as sleep } from "node:timers/promises";
import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, readUncommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("atomicity (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({ "transaction-timeout-ms": "1500" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("a publish that fails on one topic writes nothing on the others", async () => {
    const good = uniqueTopicName("good");
    await createTopics(LOCAL_BROKERS, [{ topic: good }]);
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("client") });
    await expect(
      test.client.call("publish", {
        sessionId,
        idempotencyKey: uniqueId("key"),
        records: [record(good, "should-not-appear"), record(uniqueTopicName("missing"), "nowhere")],
      }),
    ).rejects.toMatchObject({ reason: "TOPIC_NOT_FOUND" });
    expect(await readUncommitted(LOCAL_BROKERS, [good], { idleMs: 1500 })).toEqual([]);
  });

  it("an interactive transaction commits all its sends together", async () => {
    const [left, right] = [uniqueTopicName("left"), uniqueTopicName("right")];
    await createTopics(LOCAL_BROKERS, [{ topic: left }, { topic: right, numPartitions: 2 }]);
    const clientId = uniqueId("client");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const { transactionId } = await test.client.call("beginTransaction", {
      sessionId,
      idempotencyKey: uniqueId("tx"),
    });
    await test.client.call("send", { sessionId, transactionId, records: [record(left, "l-0")] });
    await test.client.call("send", {
      sessionId,
      transactionId,
      records: [record(right, "r-0"), record(right, "r-1")],
    });
    expect(await readCommitted(LOCAL_BROKERS, [left, right], { idleMs: 1000 })).toEqual([]);
    const committed = await test.client.call("commitTransaction", { sessionId, transactionId });
    expect(committed.results.map((r) => r.messageId)).toHaveLength(3);
    const report = await expectAuditPass(
      [left, right],
      new WriteLedger().acknowledged(clientId, committed.results),
    );
    expect(report.records.committed).toBe(3);
  });

  it("an aborted transaction shows nothing to read_committed readers", async () => {
    const topic = uniqueTopicName("aborted");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const clientId = uniqueId("client");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const { transactionId } = await test.client.call("beginTransaction", {
      sessionId,
      idempotencyKey: uniqueId("tx"),
    });
    const sent = await test.client.call("send", {
      sessionId,
      transactionId,
      records: [record(topic, "a-0"), record(topic, "a-1")],
    });
    await test.client.call("abortTransaction", { sessionId, transactionId });
    const after = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "after")],
    });

    const ledger = new WriteLedger().failed(clientId, sent.results).acknowledged(clientId, after.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(1);
    // The aborted records did reach the log (so the audit could have seen them), only aborted.
    expect(report.ledger?.failedFoundAborted).toBe(2);
  });

  it("a transaction idle past the gateway's timeout is aborted, and its later calls say TRANSACTION_TIMED_OUT", async () => {
    const topic = uniqueTopicName("idle");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueId("client");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const { transactionId } = await test.client.call("beginTransaction", {
      sessionId,
      idempotencyKey: uniqueId("tx"),
    });
    const sent = await test.client.call("send", {
      sessionId,
      transactionId,
      records: [record(topic, "abandoned")],
    });
    await sleep(3000);
    await expect(test.client.call("commitTransaction", { sessionId, transactionId })).rejects.toMatchObject({
      reason: "TRANSACTION_TIMED_OUT",
      retriable: false,
    });
    // The session itself goes on.
    const later = await test.client.call("publish", {
      sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "later")],
    });
    const ledger = new WriteLedger().failed(clientId, sent.results).acknowledged(clientId, later.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(1);
    expect(report.ledger?.failedFoundAborted).toBe(1);
  });

  it("one transaction at a time per session", async () => {
    const { sessionId } = await test.client.call("openSession", { clientId: uniqueId("client") });
    await test.client.call("beginTransaction", { sessionId, idempotencyKey: uniqueId("tx") });
    await expect(
      test.client.call("beginTransaction", { sessionId, idempotencyKey: uniqueId("tx") }),
    ).rejects.toMatchObject({ reason: "TRANSACTION_IN_PROGRESS" });
  });
});
