import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, readUncommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type OnceportClient, type Transaction } from "../src/index.ts";
import { startInProcessGateway, uniqueClientId } from "./support/gateways.ts";

describe("transactions (real broker, real gateway)", () => {
  let gateway: RunningGateway;
  let client: OnceportClient;

  beforeAll(async () => {
    gateway = await startInProcessGateway();
    client = await connect({ address: gateway.address, clientId: uniqueClientId("tx") });
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.stop(1_000);
  });

  it("aborts when the callback throws: the records were sent, and no read_committed reader sees them", async () => {
    const topic = uniqueTopicName("sdk-abort");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const failure = new Error("the order was rejected halfway");
    const sent: string[] = [];
    const attempt = client.transaction(async (tx) => {
      const results = await tx.send([
        { topic, partition: 0, value: "a-0" },
        { topic, partition: 1, value: "a-1" },
      ]);
      sent.push(...results.map((result) => result.offset));
      await tx.send([{ topic, partition: 0, value: "a-2" }]);
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    expect(sent).toHaveLength(2);

    const uncommitted = await readUncommitted(LOCAL_BROKERS, [topic], { expectedCount: 3 });
    expect(uncommitted.map((record) => record.value).sort()).toEqual(["a-0", "a-1", "a-2"]);
    const committed = await readCommitted(LOCAL_BROKERS, [topic], { idleMs: 1_500 });
    expect(committed).toEqual([]);

    // Nothing was left open: the session takes a publish at once.
    await expect(client.publish([{ topic, value: "after" }])).resolves.toMatchObject({ duplicate: false });
  });

  it("commits when the callback resolves; the same key again does not run the callback and writes nothing", async () => {
    const topic = uniqueTopicName("sdk-commit");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    let runs = 0;
    const work = async (tx: Transaction) => {
      runs++;
      await tx.send([{ topic, value: "c-0" }]);
      await tx.send([{ topic, value: "c-1" }]);
      return "done";
    };
    const first = await client.transaction(work, { idempotencyKey: "order-42" });
    expect(first).toMatchObject({ duplicate: false, value: "done" });
    expect(first.results.map((result) => result.offset)).toEqual(["0", "1"]);

    const again = await client.transaction(work, { idempotencyKey: "order-42" });
    expect(again).toMatchObject({ duplicate: true, value: undefined });
    expect(again.results).toEqual(first.results);
    expect(runs).toBe(1);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value)).toEqual(["c-0", "c-1"]);
  });

  it("a send with bad input leaves the transaction open; the callback may go on and commit", async () => {
    const topic = uniqueTopicName("sdk-bad-send");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const outcome = await client.transaction(async (tx) => {
      await expect(tx.send([{ topic: uniqueTopicName("missing"), value: "x" }])).rejects.toMatchObject({
        reason: "TOPIC_NOT_FOUND",
      });
      await tx.send([{ topic, value: "kept" }]);
    });
    expect(outcome.results).toHaveLength(1);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    expect(read.map((record) => record.value)).toEqual(["kept"]);
  });

  it("publishes made while a transaction is open wait for it instead of failing", async () => {
    const topic = uniqueTopicName("sdk-gate");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    let publishDone = false;
    let publishing: Promise<unknown> = Promise.resolve();
    await client.transaction(async (tx) => {
      publishing = client.publish([{ topic, value: "p" }]).then(() => {
        publishDone = true;
      });
      await tx.send([{ topic, value: "t" }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(publishDone).toBe(false);
    });
    await publishing;
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value)).toEqual(["t", "p"]);
  });
});
