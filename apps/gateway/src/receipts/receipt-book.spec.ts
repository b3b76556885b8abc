import { create } from "@bufbuild/protobuf";
import { ReceiptSchema, RecordResultSchema } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { ReceiptBook } from "./receipt-book.ts";

const result = (offset: number) =>
  create(RecordResultSchema, { topic: "t", partition: 0, offset: BigInt(offset) });

describe("ReceiptBook", () => {
  it("remembers keys per client", () => {
    const book = new ReceiptBook(60_000);
    book.remember("c1", "k", [result(1)]);
    expect(book.lookup("c1", "k")?.[0]?.offset).toBe(1n);
    expect(book.lookup("c2", "k")).toBeUndefined();
  });

  it("applies receipts read back from Kafka and wakes the session waiting for its marker", async () => {
    const book = new ReceiptBook(60_000);
    const waiting = book.waitForMarker("m1", 5_000);
    book.apply(
      create(ReceiptSchema, {
        clientId: "c1",
        committedAtMs: BigInt(Date.now()),
        entries: [{ idempotencyKey: "k1", results: [result(7)] }],
      }),
    );
    book.apply(
      create(ReceiptSchema, { clientId: "c1", sessionMarker: "m1", committedAtMs: BigInt(Date.now()) }),
    );
    await expect(waiting).resolves.toBeUndefined();
    expect(book.lookup("c1", "k1")?.[0]?.offset).toBe(7n);
  });

  it("remembers a committed receipt's keys, and takes its id once", () => {
    const book = new ReceiptBook(60_000);
    const id = book.nextReceiptId();
    expect(book.nextReceiptId()).not.toBe(id);
    book.rememberCommitted("c1", id, [{ idempotencyKey: "k", results: [result(4)] }]);
    expect(book.lookup("c1", "k")?.[0]?.offset).toBe(4n);
    expect(book.takeRemembered("another")).toBe(false);
    expect(book.takeRemembered(id)).toBe(true);
    expect(book.takeRemembered(id)).toBe(false);
  });

  it("fails a marker wait that times out", async () => {
    const book = new ReceiptBook(60_000);
    await expect(book.waitForMarker("never", 20)).rejects.toMatchObject({ reason: "KAFKA_UNAVAILABLE" });
  });

  it("forgets keys older than the idempotency window", () => {
    const book = new ReceiptBook(1_000);
    book.remember("c1", "old", [result(1)], 0);
    book.remember("c1", "new", [result(2)], 5_000);
    expect(book.evictExpired(5_500)).toBe(1);
    expect(book.lookup("c1", "old")).toBeUndefined();
    expect(book.lookup("c1", "new")).toBeDefined();
    expect(book.keyCount).toBe(1);
  });
});
