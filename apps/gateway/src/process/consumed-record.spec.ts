import type { ConsumedRecord } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { chunkRecords, consumedRecord } from "./consumed-record.ts";

const read = (offset: bigint | number, value = "v", extra: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: "t",
  partition: 2,
  offset: BigInt(offset),
  key: null,
  value: Buffer.from(value),
  timestamp: 1700000000000,
  headers: [],
  ...extra,
});

describe("consumedRecord", () => {
  it("keeps offsets as 64-bit, a null key absent, and every header in order, prototype names too", () => {
    const headers = [
      { key: "a", value: Buffer.from("1") },
      { key: "__proto__", value: Buffer.from("2") },
      { key: "a", value: Buffer.from("3") },
      { key: "toString", value: null },
    ];
    const record = consumedRecord(read(2n ** 53n + 10n, "hello", { headers }));
    expect(record.offset).toBe(2n ** 53n + 10n);
    expect("key" in record).toBe(false);
    expect(record.headers).toEqual([
      { key: "a", value: Buffer.from("1") },
      { key: "__proto__", value: Buffer.from("2") },
      { key: "a", value: Buffer.from("3") },
      { key: "toString", value: Buffer.alloc(0) },
    ]);
    expect(record.timestampMs).toBe(1700000000000n);
    expect(record.traceparent).toBe("");
  });
});

describe("chunkRecords", () => {
  it("splits by record count and by bytes, never leaving a chunk empty", () => {
    const small = Array.from({ length: 5 }, (_, i) => read(i));
    expect(chunkRecords(small, 2, 1_000_000).map((chunk) => chunk.map((r) => r.offset))).toEqual([
      [0n, 1n],
      [2n, 3n],
      [4n],
    ]);
    const big = Array.from({ length: 3 }, (_, i) => read(i, "x".repeat(600)));
    expect(chunkRecords(big, 100, 1_000).map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });
});
