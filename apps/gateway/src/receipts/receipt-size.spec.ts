import { create, toBinary } from "@bufbuild/protobuf";
import { ReceiptEntrySchema, ReceiptSchema } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { checkReceiptRoom, maxReceiptEntriesBytes, receiptEntryBytes } from "./receipt-size.ts";

describe("receiptEntryBytes", () => {
  it("is at least what the entries take encoded, with the largest offsets and partitions", () => {
    const records = Array.from({ length: 500 }, (_, i) => ({
      topic: `orders-${"x".repeat(i % 40)}`,
      messageId: `order-${i}/${"é".repeat(i % 30)}`,
    }));
    const keys = ["k1", "a-longer-idempotency-key"];
    const entries = keys.map((idempotencyKey, n) => {
      const own = records.slice(n * 250, (n + 1) * 250);
      return create(ReceiptEntrySchema, {
        idempotencyKey,
        results: own.map((record) => ({
          ...record,
          partition: 2_147_483_647,
          offset: 9_223_372_036_854_775_807n,
        })),
      });
    });
    const encoded = toBinary(ReceiptSchema, create(ReceiptSchema, { clientId: "", entries })).length;
    const estimated = keys.reduce(
      (sum, key, n) => sum + receiptEntryBytes(key, records.slice(n * 250, (n + 1) * 250)),
      0,
    );
    expect(estimated).toBeGreaterThanOrEqual(encoded);
    // An estimate, not a guess: within 10% of the truth here.
    expect(estimated).toBeLessThan(encoded * 1.1);
  });
});

describe("checkReceiptRoom", () => {
  it("refuses with REQUEST_TOO_LARGE above the room a batch leaves, and lets the rest through", () => {
    const max = maxReceiptEntriesBytes(10_000);
    expect(() => checkReceiptRoom(max, max, "the publish")).not.toThrow();
    expect(() => checkReceiptRoom(max + 1, max, "the publish")).toThrow(
      expect.objectContaining({ reason: "REQUEST_TOO_LARGE" }),
    );
  });
});
