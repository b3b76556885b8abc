import { expectAuditPass, WriteLedger } from "@onceport/audit/testing";
import type { RunningGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, readCommitted, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  type OnceportClient,
  type PublishResult,
  type RecordResult,
  type Transaction,
} from "../src/index.ts";
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
    const sent: RecordResult[] = [];
    const attempt = client.transaction(async (tx) => {
      sent.push(
        ...(await tx.send([
          { topic, partition: 0, value: "a-0" },
          { topic, partition: 1, value: "a-1" },
        ])),
      );
      sent.push(...(await tx.send([{ topic, partition: 0, value: "a-2" }])));
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    expect(sent).toHaveLength(3);

    // Nothing was left open: the session takes a publish at once.
    const after = await client.publish([{ topic, value: "after" }]);
    expect(after.duplicate).toBe(false);

    // The three were written (read_uncommitted finds them, aborted) and no read_committed reader
    // sees them; only the publish after is there.
    const ledger = new WriteLedger()
      .failed(client.clientId, sent)
      .acknowledged(client.clientId, after.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.ledger?.failedFoundAborted).toBe(3);
    expect(report.records.committed).toBe(1);
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
    const ledger = new WriteLedger()
      .acknowledged(client.clientId, first.results)
      .acknowledged(client.clientId, again.results);
    const report = await expectAuditPass([topic], ledger);
    expect(report.records.committed).toBe(2);
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
    await expectAuditPass([topic], new WriteLedger().acknowledged(client.clientId, outcome.results));
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    expect(read.map((record) => record.value)).toEqual(["kept"]);
  });

  it("publishes made while a transaction is open wait for it instead of failing", async () => {
    const topic = uniqueTopicName("sdk-gate");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    let publishDone = false;
    let publishing: Promise<PublishResult> | undefined;
    const transaction = await client.transaction(async (tx) => {
      publishing = client.publish([{ topic, value: "p" }]);
      publishing.then(
        () => {
          publishDone = true;
        },
        () => {},
      );
      await tx.send([{ topic, value: "t" }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(publishDone).toBe(false);
    });
    const published = await publishing;
    // The transaction's record first, then the publish's, as the ledger numbers them.
    const ledger = new WriteLedger()
      .acknowledged(client.clientId, transaction.results)
      .acknowledged(client.clientId, published?.results ?? []);
    const report = await expectAuditPass([topic], ledger);
    expect(report.ledger?.acknowledgedRead).toBe(2);
    const read = await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 2 });
    expect(read.map((record) => record.value)).toEqual(["t", "p"]);
  });
});
