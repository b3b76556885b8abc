import { describe, expect, it } from "vitest";
import { partitionBatches } from "./partition-batches.ts";
import { recordBatchOverheadBytes, recordBytesInBatch } from "./record-batch-size.ts";

const message = (value: string, partition?: number) => ({
  value,
  ...(partition === undefined ? {} : { partition }),
});
const unbounded = Number.MAX_SAFE_INTEGER;
const values = (batches: ReturnType<typeof partitionBatches>) =>
  batches.map(({ topic, messages }) => [topic, messages.map((m) => m.value)]);

describe("partitionBatches", () => {
  it("makes one batch per topic and partition, keeping the order of records and of first appearance", () => {
    const batches = partitionBatches(
      [
        { topic: "a", messages: [message("a1", 1), message("a0", 0), message("a1'", 1)] },
        { topic: "b", messages: [message("b0", 0), message("b?"), message("b?'")] },
        { topic: "a", messages: [message("a0'", 0)] },
      ],
      unbounded,
    );
    expect(values(batches)).toEqual([
      ["a", ["a1", "a1'"]],
      ["a", ["a0", "a0'"]],
      ["b", ["b0"]],
      // Each message kafkajs places itself goes alone: it may land on any partition.
      ["b", ["b?"]],
      ["b", ["b?'"]],
    ]);
  });

  it("splits a partition's records into batches that fit the byte bound, in order", () => {
    const records = Array.from({ length: 10 }, (_, i) => message(`${i}`.padStart(100, "x"), 0));
    const one = recordBytesInBatch(records[0] ?? message(""));
    // Room for three records a batch.
    const bound = recordBatchOverheadBytes + 3 * one;
    const batches = partitionBatches([{ topic: "t", messages: records }], bound);
    expect(batches.map((batch) => batch.messages.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flatMap((batch) => batch.messages)).toEqual(records);
    for (const batch of batches) {
      const bytes = batch.messages.reduce((sum, m) => sum + recordBytesInBatch(m), recordBatchOverheadBytes);
      expect(bytes).toBeLessThanOrEqual(bound);
    }
  });

  it("sends a record larger than the bound alone rather than never", () => {
    const batches = partitionBatches(
      [{ topic: "t", messages: [message("small", 0), message("x".repeat(500), 0), message("small'", 0)] }],
      300,
    );
    expect(batches.map((batch) => batch.messages.length)).toEqual([1, 1, 1]);
  });
});

describe("recordBytesInBatch", () => {
  it("counts key, value and every header value, with room for their lengths", () => {
    const bare = recordBytesInBatch({ value: "" });
    expect(recordBytesInBatch({ key: Buffer.alloc(10), value: "abc" })).toBe(bare + 13);
    expect(recordBytesInBatch({ value: "", headers: { h: ["ab", Buffer.alloc(3)] } })).toBe(
      bare + 2 * 11 + 5,
    );
  });
});
