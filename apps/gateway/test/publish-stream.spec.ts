import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { openRequest, publishRequest, runStream } from "./support/run-stream.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

describe("publish stream (real broker)", () => {
  let test: TestGateway;

  beforeAll(async () => {
    // A window smaller than the run, so flow control is exercised too.
    test = await startTestGateway({ "stream-window-records": "2000", "stream-max-batch-records": "1000" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("10,000 records through one stream: all acknowledged, each exactly once, in order per partition", async () => {
    const topic = uniqueTopicName("stream");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 4 }]);
    const clientId = uniqueId("streamer");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const publishes = 2_500;
    const perPublish = 4;
    const requests = [openRequest(sessionId)];
    for (let i = 0; i < publishes; i++) {
      requests.push(
        publishRequest(
          `p-${i}`,
          Array.from({ length: perPublish }, (_, j) =>
            record(topic, `${i * perPublish + j}`, { partition: (i * perPublish + j) % 4 }),
          ),
        ),
      );
    }
    const started = performance.now();
    const responses = await runStream(test.client.publishStream(), requests);
    const seconds = (performance.now() - started) / 1000;
    // For orientation only (see the benchmarks for measured figures).
    console.info(`publish stream: ${((publishes * perPublish) / seconds).toFixed(0)} records/s`);

    expect(responses.map((response) => response.idempotencyKey)).toEqual(
      Array.from({ length: publishes }, (_, i) => `p-${i}`),
    );
    expect(responses.every((response) => response.error === undefined && !response.duplicate)).toBe(true);

    // Every acknowledged record read once, at no duplicate, in the order written per partition;
    // and nothing else there.
    const ledger = new WriteLedger();
    for (const response of responses) ledger.acknowledged(clientId, response.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.ledger?.acknowledgedRead).toBe(publishes * perPublish);
    expect(report.records.committed).toBe(publishes * perPublish);
  });

  it("refuses one bad publish and keeps the stream and the others going; answers a repeated key as a duplicate, refuses a reused one", async () => {
    const topic = uniqueTopicName("stream-mixed");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const clientId = uniqueId("streamer");
    const { sessionId } = await test.client.call("openSession", { clientId });
    const publish = (idempotencyKey: string, target: string, value: string) =>
      publishRequest(idempotencyKey, [record(target, value)]);
    const responses = await runStream(test.client.publishStream(), [
      openRequest(sessionId),
      publish("k1", topic, "one"),
      publish("k2", uniqueTopicName("missing"), "lost"),
      publish("k1", topic, "one"),
      publish("k1", topic, "one-changed"),
      publish("k3", topic, "three"),
    ]);
    expect(responses.map((r) => [r.idempotencyKey, r.duplicate, r.error?.reason ?? ""])).toEqual([
      ["k1", false, ""],
      ["k2", false, "TOPIC_NOT_FOUND"],
      ["k1", true, ""],
      ["k1", false, "IDEMPOTENCY_KEY_REUSED"],
      ["k3", false, ""],
    ]);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((r) => r.value).sort()).toEqual(["one", "three"]);
    const ledger = new WriteLedger();
    for (const response of responses) ledger.acknowledged(clientId, response.results);
    await expectAuditPass([topic], ledger);
  });

  it("ends a stream that publishes before opening with STREAM_NOT_OPEN", async () => {
    const publish = publishRequest("k", [record("t", "v")]);
    await expect(runStream(test.client.publishStream(), [publish])).rejects.toMatchObject({
      reason: "STREAM_NOT_OPEN",
    });
  });
});
