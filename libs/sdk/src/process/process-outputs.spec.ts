import { describe, expect, it } from "vitest";
import type { ConsumedRecord } from "../consumer/consumed-record.ts";
import { eachRecord } from "./each-record.ts";
import { toApiOutputs } from "./process-outputs.ts";
import type { ProcessBatch } from "./process-types.ts";

function record(offset: string, value: string): ConsumedRecord {
  return {
    topic: "in",
    partition: 2,
    offset,
    key: null,
    value: Buffer.from(value),
    headers: {},
    headerList: [],
    timestampMs: 0,
    traceparent: "",
  };
}

const batch: ProcessBatch = {
  batchId: "b-1",
  topic: "in",
  partition: 2,
  records: [record("7", "a"), record("8", "b c"), record("9", "")],
  signal: new AbortController().signal,
};

describe("eachRecord", () => {
  it("tags each record's outputs with its offset, in order: none, one or several", async () => {
    const handler = eachRecord((input) => {
      const words = input.value.toString().split(" ").filter(Boolean);
      if (words.length === 0) return undefined;
      return words.length === 1
        ? { topic: "out", value: words[0] ?? "" }
        : words.map((value) => ({ topic: "out", value }));
    });
    expect(await handler(batch)).toEqual([
      { inputOffset: "7", record: { topic: "out", value: "a" } },
      { inputOffset: "8", record: { topic: "out", value: "b" } },
      { inputOffset: "8", record: { topic: "out", value: "c" } },
    ]);
  });
});

describe("toApiOutputs", () => {
  it("converts outputs, offsets as bigints, no message id", () => {
    const [output] = toApiOutputs(
      [{ inputOffset: 8n, record: { topic: "out", key: "k", value: "v" }, traceparent: "00-abc" }],
      batch,
    );
    expect(output?.inputOffset).toBe(8n);
    expect(output?.traceparent).toBe("00-abc");
    expect(output?.record).toMatchObject({ topic: "out", messageId: "", key: new TextEncoder().encode("k") });
  });

  it("refuses an offset not in the batch, a message id, a result that is not an array, a reserved header", () => {
    expect(() => toApiOutputs([{ inputOffset: "10", record: { topic: "out", value: "v" } }], batch)).toThrow(
      /input offset 10, which is not in batch b-1/,
    );
    const withId = { topic: "out", value: "v", messageId: "mine" };
    expect(() => toApiOutputs([{ inputOffset: "7", record: withId }], batch)).toThrow(/sets a message id/);
    expect(() => toApiOutputs(undefined as never, batch)).toThrow(/must return an array/);
    const reserved = { topic: "out", value: "v", headers: { "Onceport-Input": "x" } };
    expect(() => toApiOutputs([{ inputOffset: "7", record: reserved }], batch)).toThrow(
      expect.objectContaining({ reason: "RESERVED_HEADER" }),
    );
  });
});
