import { randomUUID } from "node:crypto";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, readUncommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
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
    const stale = test.client.call("publish", {
      sessionId: first.sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "from-the-zombie")],
    });
    await expect(stale).rejects.toMatchObject({ reason: "PRODUCER_FENCED", code: 9, retriable: false });
    const fresh = await test.client.call("publish", {
      sessionId: second.sessionId,
      idempotencyKey: uniqueId("key"),
      records: [record(topic, "from-the-live-session")],
    });
    expect(fresh.duplicate).toBe(false);
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
      await gatewayA.client.call("send", {
        sessionId: onA.sessionId,
        transactionId: transaction.transactionId,
        records: [
          record(movingTopic, "zombie-0", { partition: 0 }),
          record(movingTopic, "zombie-1", { partition: 1 }),
        ],
      });

      const onB = await gatewayB.client.call("openSession", { clientId });
      await gatewayB.client.call("publish", {
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
      await expect(
        gatewayA.client.call("publish", {
          sessionId: onA.sessionId,
          idempotencyKey: uniqueId("key"),
          records: [record(movingTopic, "zombie-again")],
        }),
      ).rejects.toMatchObject({ reason: "PRODUCER_FENCED" });

      const committed = await readCommitted(LOCAL_BROKERS, [movingTopic], { expectedCount: 1 });
      expect(committed.map((r) => r.value)).toEqual(["live"]);
      // The zombie's records did reach the log (so the check above could fail), only aborted.
      const everything = await readUncommitted(LOCAL_BROKERS, [movingTopic], { expectedCount: 3 });
      expect(everything.map((r) => r.value).sort()).toEqual(["live", "zombie-0", "zombie-1"]);
    });
  });
});
