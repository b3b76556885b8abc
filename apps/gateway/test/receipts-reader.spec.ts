import { create } from "@bufbuild/protobuf";
import { ReceiptEntrySchema, RecordResultSchema } from "@onceport/api";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, devKafkaClient, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { ReceiptBook } from "../src/receipts/receipt-book.ts";
import { receiptRecord } from "../src/receipts/receipt-record.ts";
import { ReceiptsReader } from "../src/receipts/receipts-reader.ts";

const result = (offset: number) =>
  create(RecordResultSchema, { topic: "t", partition: 0, offset: BigInt(offset), messageId: `m${offset}` });

const entry = (idempotencyKey: string, offset: number) =>
  create(ReceiptEntrySchema, { idempotencyKey, results: [result(offset)] });

/**
 * A gateway reads back the receipts it committed itself without decoding them (it
 * remembered them at the commit), and decodes every other receipt: other processes', and
 * its own when it never learnt that the commit happened (a lost commit answer).
 */
describe("the receipts reader", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("skips the receipts this process remembered at commit and applies every other", async () => {
    const topic = uniqueTopicName("__reader-receipts");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    cleanup.push(() => deleteTopics(LOCAL_BROKERS, [topic]));
    const book = new ReceiptBook(60_000);
    const remembered = book.nextReceiptId();
    const lostAnswer = book.nextReceiptId();
    // The commit of `remembered` was answered: the session remembered k1 as offset 1.
    book.rememberCommitted("c1", remembered, [{ idempotencyKey: "k1", results: [result(1)] }]);

    const producer = await (await devKafkaClient(LOCAL_BROKERS)).transactionalProducer({
      transactionalId: uniqueTopicName("receipts-writer"),
      transactionTimeoutMs: 30_000,
    });
    cleanup.push(() => producer.close());
    const transaction = await producer.begin();
    await transaction.send([
      {
        topic,
        partition: 0,
        records: [
          // Says offset 99 for k1: were it decoded, the book would change.
          receiptRecord("c1", { entries: [entry("k1", 99)] }, remembered),
          receiptRecord("c1", { entries: [entry("k2", 2)] }, lostAnswer),
          receiptRecord("c2", { entries: [entry("k3", 3)] }),
          receiptRecord("c1", { sessionMarker: "caught-up" }),
        ],
      },
    ]);
    await transaction.commit();

    const caughtUp = book.waitForMarker("caught-up", 30_000);
    const client = await devKafkaClient(LOCAL_BROKERS);
    const admin = await client.admin();
    cleanup.push(() => admin.close());
    const reader = new ReceiptsReader(client, admin, topic, book, createLogger("silent"));
    cleanup.push(() => reader.stop());
    await reader.start();
    await caughtUp;

    expect(book.lookup("c1", "k1")?.[0]?.offset).toBe(1n);
    expect(book.lookup("c1", "k2")?.[0]?.offset).toBe(2n);
    expect(book.lookup("c2", "k3")?.[0]?.offset).toBe(3n);
    // Met once: the id is no longer held.
    expect(book.takeRemembered(remembered)).toBe(false);
  });
});
