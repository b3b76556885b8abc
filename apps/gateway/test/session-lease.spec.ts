import { setTimeout as sleep } from "node:timers/promises";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("producers are leased, not leaked (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    test = await startTestGateway({ "session-idle-timeout-ms": "1000", "max-sessions": "2" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("closes a session idle past the timeout and releases its slot", async () => {
    const topic = uniqueTopicName("lease");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const idle = await test.client.call("openSession", { clientId: uniqueId("idle") });
    const busy = await test.client.call("openSession", { clientId: uniqueId("busy") });
    await expect(test.client.call("openSession", { clientId: uniqueId("third") })).rejects.toMatchObject({
      reason: "SESSION_LIMIT_REACHED",
      code: 8,
      retriable: true,
    });
    // Keep one session busy while the other idles past the timeout.
    for (let i = 0; i < 6; i++) {
      await test.client.call("publish", {
        sessionId: busy.sessionId,
        idempotencyKey: `k${i}`,
        records: [record(topic, `${i}`)],
      });
      await sleep(400);
    }
    expect(test.gateway.sessions.size).toBe(1);
    await expect(
      test.client.call("publish", {
        sessionId: idle.sessionId,
        idempotencyKey: "late",
        records: [record(topic, "late")],
      }),
    ).rejects.toMatchObject({ reason: "SESSION_NOT_FOUND" });
    // The released slot takes a new session.
    await expect(test.client.call("openSession", { clientId: uniqueId("third") })).resolves.toMatchObject({});
  });
});
