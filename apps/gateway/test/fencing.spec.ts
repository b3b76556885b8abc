import { randomUUID } from "node:crypto";
import { expectAuditPass, publishWrites, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process.ts";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("zombie fencing (real broker)", () => {
  let test: TestGateway;
  const topic = uniqueTopicName("fencing");

  beforeAll(async () => {
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    test = await startTestGateway();
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("fences the first session when the same client opens a second one", async () => {
    const clientId = uniqueId("client");
    const first = await test.client.call("openSession", { clientId });
    const second = await test.client.call("openSession", { clientId });
    expect(second.transactionalId).toBe(first.transactionalId);
    const staleKey = uniqueId("key");
    const staleRecords = [record(topic, "from-the-zombie")];
    const stale = test.client.call("publish", {
      sessionId: first.sessionId,
      idempotencyKey: staleKey,
      records: staleRecords,
    });
    await expect(stale).rejects.toMatchObject({ reason: "PRODUCER_FENCED", code: 9, retriable: false });
    const fresh = await test.client.call("publish", {
      sessionId: second.sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "from-the-live-session")],
    });
    expect(fresh.duplicate).toBe(false);
    const ledger = new WriteLedger()
      .failed(clientId, publishWrites(staleKey, staleRecords))
      .acknowledged(clientId, fresh.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(1);
  });

  describe("across two gateway processes", () => {
    let gatewayA: GatewayProcess;
    let gatewayB: GatewayProcess;
    const prefix = `moving-${randomUUID().slice(0, 8)}-`;

    beforeAll(async () => {
      [gatewayA, gatewayB] = await Promise.all([
        startGatewayProcess({ prefix }),
        startGatewayProcess({ prefix }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([gatewayA?.kill("SIGTERM"), gatewayB?.kill("SIGTERM")]);
    });

    it("a client moving from A to B fences A: A's open transaction never commits, nothing of it is visible", async () => {
      const movingTopic = uniqueTopicName("moving");
      await createTopics(LOCAL_BROKERS, [{ topic: movingTopic, numPartitions: 2 }]);
      const clientId = uniqueId("mover");
      const onA = await gatewayA.client.call("openSession", { clientId });
      const transaction = await gatewayA.client.call("beginTransaction", {
        sessionId: onA.sessionId,
        idempotencyKey: uniqueId("tx"),
      });
      const sent = await gatewayA.client.call("send", {
        sessionId: onA.sessionId,
        transactionId: transaction.transactionId,
        records: [
          record(movingTopic, "zombie-0", { partition: 0 }),
          record(movingTopic, "zombie-1", { partition: 1 }),
        ],
      });

      const onB = await gatewayB.client.call("openSession", { clientId });
      const live = await gatewayB.client.call("publish", {
        sessionId: onB.sessionId,
        idempotencyKey: uniqueId("key"),
        records: [record(movingTopic, "live")],
      });

      await expect(
        gatewayA.client.call("commitTransaction", {
          sessionId: onA.sessionId,
          transactionId: transaction.transactionId,
        }),
      ).rejects.toMatchObject({ reason: "PRODUCER_FENCED" });
      // Once fenced, always fenced: even a fresh publish on A's session is refused.
      const againKey = uniqueId("key");
      const againRecords = [record(movingTopic, "zombie-again")];
      await expect(
        gatewayA.client.call("publish", {
          sessionId: onA.sessionId,
          idempotencyKey: againKey,
          records: againRecords,
        }),
      ).rejects.toMatchObject({ reason: "PRODUCER_FENCED" });

      const ledger = new WriteLedger()
        .failed(clientId, sent.results)
        .failed(clientId, publishWrites(againKey, againRecords))
        .acknowledged(clientId, live.results);
      const report = await expectAuditPass([movingTopic], ledger);
      expect(report.records.committed).toBe(1);
      // The zombie's records did reach the log (so the audit could have seen them), only aborted.
      expect(report.ledger?.failedFoundAborted).toBe(2);
    });
  });
});
