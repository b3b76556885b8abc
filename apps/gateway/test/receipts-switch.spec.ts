import { randomUUID } from "node:crypto";
import { formatText } from "@onceport/audit";
import { audit, WriteLedger } from "@onceport/audit/testing";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterEach, describe, expect, it } from "vitest";
import { testComposition } from "../src/testing/index.ts";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

/**
 * The test entry point's --test-disable-receipts (SessionOnlyReceiptStore) exists for the
 * benchmark of what durable idempotency keys cost (tools/bench) and the fault suite's proof
 * that it catches their absence. These tests pin down what it does, and that it is what it
 * says: without receipts, a retry through another gateway writes twice.
 */
describe("the test-only receipts switch", () => {
  const running: TestGateway[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  });

  /** Publishes a key on one gateway, then retries it through a second one, as a client that moved would. */
  const publishThenRetryElsewhere = async (disableReceipts: boolean) => {
    const composition = testComposition({ crashAfterCommitOfKey: undefined, disableReceipts });
    const topic = uniqueTopicName("switch");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const shared = {
      "receipts-topic": uniqueTopicName("__switch-receipts"),
      "transactional-id-prefix": `switch-${randomUUID().slice(0, 8)}-`,
    };
    const clientId = uniqueId("switch");
    const records = [record(topic, "v")];
    const first = await startTestGateway(shared, composition);
    running.push(first);
    const one = await first.client.call("openSession", { clientId });
    const original = await first.client.call("publish", {
      sessionId: one.sessionId,
      idempotencyKey: "k1",
      records,
    });
    const sameGateway = await first.client.call("publish", {
      sessionId: one.sessionId,
      idempotencyKey: "k1",
      records,
    });
    const second = await startTestGateway(shared, composition);
    running.push(second);
    const two = await second.client.call("openSession", { clientId });
    const elsewhere = await second.client.call("publish", {
      sessionId: two.sessionId,
      idempotencyKey: "k1",
      records,
    });
    const ledger = new WriteLedger()
      .acknowledged(clientId, original.results)
      .acknowledged(clientId, sameGateway.results)
      .acknowledged(clientId, elsewhere.results);
    const report = await audit([topic], ledger);
    return { original, sameGateway, elsewhere, report };
  };

  it("off: the key is known to its own gateway only, so a retry through another one writes again", async () => {
    const outcome = await publishThenRetryElsewhere(true);
    expect(outcome.original.duplicate).toBe(false);
    expect(outcome.sameGateway.duplicate).toBe(true);
    expect(outcome.elsewhere.duplicate).toBe(false);
    // The audit sees the record twice, under the one message id the key gave it.
    expect(outcome.report.verdict).toBe("FAIL");
    expect(outcome.report.records.committed).toBe(2);
    expect(outcome.report.checks.duplicates.examples).toMatchObject([{ messageId: "k1/0" }]);
  });

  it("on (the default): the retry through another gateway finds the receipt and writes nothing", async () => {
    const outcome = await publishThenRetryElsewhere(false);
    expect(outcome.elsewhere.duplicate).toBe(true);
    expect(outcome.elsewhere.results).toEqual(outcome.original.results);
    expect(outcome.report.verdict, formatText(outcome.report)).toBe("PASS");
    expect(outcome.report.records.committed).toBe(1);
  });
});
