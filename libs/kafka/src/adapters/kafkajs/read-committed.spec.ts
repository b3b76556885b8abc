import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type AbortedTransaction, alignAbortedTransactions, type FetchedRecord } from "./read-committed.ts";

// kafkajs's own read_committed filter, as its consumers apply it to every fetched batch.
const filterAbortedMessages = createRequire(import.meta.url)(
  "kafkajs/src/consumer/filterAbortedMessages.js",
) as (batch: { messages: FetchedRecord[]; abortedTransactions: AbortedTransaction[] }) => FetchedRecord[];

const record = (offset: number, producerId: string, inTransaction = true): FetchedRecord => ({
  offset: String(offset),
  key: Buffer.from(`k${offset}`),
  batchContext: { producerId, inTransaction },
});
const marker = (offset: number, producerId: string, type: "abort" | "commit"): FetchedRecord => ({
  offset: String(offset),
  key: Buffer.from([0, 0, 0, type === "abort" ? 0 : 1]),
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});

/** What a read_committed reader gets: the data records kafkajs's filter lets through. */
function readCommitted(messages: FetchedRecord[], abortedTransactions: AbortedTransaction[]): string[] {
  return filterAbortedMessages({ messages, abortedTransactions })
    .filter((message) => !message.isControlRecord)
    .map((message) => message.offset);
}

describe("read_committed with kafkajs", () => {
  // Producer A begins at 10, producer B at 12; B is aborted first (its marker at 14), then A
  // (at 20). The broker lists them in its transaction index order: B, then A. As seen after a
  // broker was killed under the fault suite's load (producers 40007 and 40004).
  const messages = [
    record(9, "C", false),
    record(10, "A"),
    record(11, "C", false),
    record(12, "B"),
    record(13, "A"),
    marker(14, "B", "abort"),
    record(15, "D"),
    marker(16, "D", "commit"),
    marker(20, "A", "abort"),
    record(21, "A"),
    marker(22, "A", "commit"),
  ];
  const aborted = [
    { producerId: "B", firstOffset: "12" },
    { producerId: "A", firstOffset: "10" },
  ];

  it("lets records of an aborted transaction through when transactions ended out of order (the kafkajs bug)", () => {
    expect(readCommitted(messages, aborted)).toContain("10");
  });

  it("drops exactly the aborted records with the aligned list", () => {
    expect(readCommitted(messages, alignAbortedTransactions(messages, aborted, 0n))).toEqual([
      "9",
      "11",
      "15",
      "21",
    ]);
  });

  it("drops the records of every aborted transaction begun before the fetched offset", () => {
    // A fetch from offset 30, where A (begun at 20) and B (begun at 25) are both still open:
    // kafkajs starts one aborted transaction per record, so B's first record slips through.
    const fetched = [
      record(30, "B"),
      record(31, "A"),
      record(32, "C", false),
      marker(33, "A", "abort"),
      marker(34, "B", "abort"),
    ];
    const both = [
      { producerId: "A", firstOffset: "20" },
      { producerId: "B", firstOffset: "25" },
    ];
    expect(readCommitted(fetched, both)).toContain("30");
    expect(readCommitted(fetched, alignAbortedTransactions(fetched, both, 30n))).toEqual(["32"]);
  });
});
