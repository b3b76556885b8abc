import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { chunkMessages, consumedRecord } from "./consumed-record.ts";

const message = (offset: number, value = "v", extra: Partial<KafkaMessage> = {}): KafkaMessage =>
  ({
    offset: String(offset),
    key: null,
    value: Buffer.from(value),
    timestamp: "1700000000000",
    attributes: 0,
    headers: {},
    ...extra,
  }) as KafkaMessage;

describe("consumedRecord", () => {
  it("keeps offsets as 64-bit, a null key absent, and every header value in order", () => {
    const record = consumedRecord(
      "t",
      2,
      message(2 ** 53 + 10, "hello", {
        headers: { a: Buffer.from("1"), b: [Buffer.from("2"), Buffer.from("3")] },
      }),
    );
    expect(record.offset).toBe(2n ** 53n + 10n);
    expect("key" in record).toBe(false);
    expect(record.headers).toEqual([
      { key: "a", value: Buffer.from("1") },
      { key: "b", value: Buffer.from("2") },
      { key: "b", value: Buffer.from("3") },
    ]);
    expect(record.timestampMs).toBe(1700000000000n);
    expect(record.traceparent).toBe("");
  });
});

describe("chunkMessages", () => {
  it("splits by record count and by bytes, never leaving a chunk empty", () => {
    const small = Array.from({ length: 5 }, (_, i) => message(i));
    expect(chunkMessages(small, 2, 1_000_000).map((chunk) => chunk.map((m) => m.offset))).toEqual([
      ["0", "1"],
      ["2", "3"],
      ["4"],
    ]);
    const big = Array.from({ length: 3 }, (_, i) => message(i, "x".repeat(600)));
    expect(chunkMessages(big, 100, 1_000).map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });
});
