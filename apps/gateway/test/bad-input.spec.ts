import type { MessageInitShape } from "@bufbuild/protobuf";
import type { PublishRequestSchema } from "@onceport/api";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readUncommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

type PublishInit = MessageInitShape<typeof PublishRequestSchema>;

describe("bad input gets a clear status and reason and writes nothing (real broker)", () => {
  let test: TestGateway;
  const topic = uniqueTopicName("guarded");
  let sessionId: string;

  beforeAll(async () => {
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    test = await startTestGateway({
      "max-record-bytes": "1000",
      "max-request-bytes": "5000",
      "max-records-per-publish": "50",
    });
    ({ sessionId } = await test.client.call("openSession", { clientId: uniqueId("careless") }));
  });
  afterAll(async () => {
    await test?.stop();
  });

  const badPublishes: [string, () => PublishInit, string, number][] = [
    [
      "an unknown topic",
      () => ({ sessionId, idempotencyKey: "k1", records: [record(uniqueTopicName("nope"), "v")] }),
      "TOPIC_NOT_FOUND",
      5,
    ],
    [
      "a partition the topic lacks",
      () => ({ sessionId, idempotencyKey: "k2", records: [record(topic, "v", { partition: 7 })] }),
      "PARTITION_NOT_FOUND",
      5,
    ],
    [
      "a record over the size limit",
      () => ({ sessionId, idempotencyKey: "k3", records: [record(topic, "x".repeat(1001))] }),
      "RECORD_TOO_LARGE",
      3,
    ],
    [
      "a publish over the request limit",
      () => ({
        sessionId,
        idempotencyKey: "k4",
        records: Array.from({ length: 6 }, () => record(topic, "y".repeat(900))),
      }),
      "REQUEST_TOO_LARGE",
      8,
    ],
    [
      "too many records",
      () => ({
        sessionId,
        idempotencyKey: "k5",
        records: Array.from({ length: 51 }, () => record(topic, "z")),
      }),
      "TOO_MANY_RECORDS",
      8,
    ],
    ["an empty publish", () => ({ sessionId, idempotencyKey: "k6", records: [] }), "EMPTY_PUBLISH", 3],
    [
      "a missing idempotency key",
      () => ({ sessionId, idempotencyKey: "", records: [record(topic, "v")] }),
      "MISSING_IDEMPOTENCY_KEY",
      3,
    ],
    [
      "a reserved header",
      () => ({
        sessionId,
        idempotencyKey: "k7",
        records: [record(topic, "v", { headers: { "onceport-client-id": "someone-else" } })],
      }),
      "RESERVED_HEADER",
      3,
    ],
    [
      "the receipts topic",
      () => ({ sessionId, idempotencyKey: "k8", records: [record("__onceport_receipts", "forged")] }),
      "PERMISSION_DENIED",
      7,
    ],
    [
      "an unknown session",
      () => ({ sessionId: "no-such-session", idempotencyKey: "k9", records: [record(topic, "v")] }),
      "SESSION_NOT_FOUND",
      5,
    ],
  ];

  for (const [what, build, reason, code] of badPublishes) {
    it(`refuses ${what} with ${reason}`, async () => {
      await expect(test.client.call("publish", build())).rejects.toMatchObject({
        reason,
        code,
        retriable: false,
      });
    });
  }

  it("refuses malformed bytes with MALFORMED_REQUEST", async () => {
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
    await expect(test.client.rawUnary("/onceport.v1.GatewayService/Publish", garbage)).rejects.toMatchObject({
      reason: "MALFORMED_REQUEST",
      code: 3,
    });
  });

  it("refuses an invalid client id with INVALID_CLIENT_ID", async () => {
    await expect(test.client.call("openSession", { clientId: "no spaces/or slashes" })).rejects.toMatchObject(
      {
        reason: "INVALID_CLIENT_ID",
        code: 3,
      },
    );
  });

  it("refuses calls out of order: commit without begin, send to an unknown transaction", async () => {
    await expect(
      test.client.call("commitTransaction", { sessionId, transactionId: "never-begun" }),
    ).rejects.toMatchObject({
      reason: "TRANSACTION_NOT_FOUND",
      code: 9,
    });
    await expect(
      test.client.call("send", { sessionId, transactionId: "never-begun", records: [record(topic, "v")] }),
    ).rejects.toMatchObject({ reason: "TRANSACTION_NOT_FOUND" });
  });

  it("refuses calls on a closed session with SESSION_NOT_FOUND", async () => {
    const closing = await test.client.call("openSession", { clientId: uniqueId("leaving") });
    await test.client.call("closeSession", { sessionId: closing.sessionId });
    await expect(
      test.client.call("publish", {
        sessionId: closing.sessionId,
        idempotencyKey: "k",
        records: [record(topic, "v")],
      }),
    ).rejects.toMatchObject({ reason: "SESSION_NOT_FOUND" });
  });

  it("leaves the topic unchanged by all of the above, and the careless client's session still works", async () => {
    expect(await readUncommitted(LOCAL_BROKERS, [topic], { idleMs: 1500 })).toEqual([]);
    const ok = await test.client.call("publish", {
      sessionId,
      idempotencyKey: "fine",
      records: [record(topic, "fine")],
    });
    expect(ok.results).toHaveLength(1);
  });

  it("keeps serving another client while one sends garbage", async () => {
    const other = await test.client.call("openSession", { clientId: uniqueId("careful") });
    const garbage = test.client.rawUnary("/onceport.v1.GatewayService/Publish", Buffer.from([0xff, 0xff]));
    const good = test.client.call("publish", {
      sessionId: other.sessionId,
      idempotencyKey: "careful-1",
      records: [record(topic, "careful")],
    });
    await expect(garbage).rejects.toMatchObject({ reason: "MALFORMED_REQUEST" });
    await expect(good).resolves.toMatchObject({ duplicate: false });
  });
});
