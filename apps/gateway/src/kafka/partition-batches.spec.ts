import { describe, expect, it } from "vitest";
import { partitionBatches } from "./partition-batches.ts";

const message = (value: string, partition?: number) => ({
  value,
  ...(partition === undefined ? {} : { partition }),
});

describe("partitionBatches", () => {
  it("makes one batch per topic and partition, keeping the order of records and of first appearance", () => {
    const batches = partitionBatches([
      { topic: "a", messages: [message("a1", 1), message("a0", 0), message("a1'", 1)] },
      { topic: "b", messages: [message("b0", 0), message("b?"), message("b?'")] },
      { topic: "a", messages: [message("a0'", 0)] },
    ]);
    expect(batches.map(({ topic, messages }) => [topic, messages.map((m) => m.value)])).toEqual([
      ["a", ["a1", "a1'"]],
      ["a", ["a0", "a0'"]],
      ["b", ["b0"]],
      ["b", ["b?", "b?'"]],
    ]);
  });
});
