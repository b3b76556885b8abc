import { create } from "@bufbuild/protobuf";
import { RecordResultSchema } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { ClientKeys, heldKeyBytes } from "./client-keys.ts";

const results = (offset: number) => [
  create(RecordResultSchema, {
    topic: "orders",
    partition: 0,
    offset: BigInt(offset),
    messageId: `m-${offset}`,
  }),
];
const key = (offset: number, committedAtMs = Date.now()) => ({
  results: results(offset),
  fingerprint: new Uint8Array([offset]),
  committedAtMs,
  receiptOffset: BigInt(offset),
});

describe("ClientKeys", () => {
  it("answers a committed key with its results, and a key never added as new", () => {
    const keys = new ClientKeys({ windowMs: 60_000, maxBytes: 1 << 20, maxFilters: 1 });
    keys.add("k1", key(1));
    expect(keys.check("k1")).toMatchObject({ kind: "committed", key: { results: results(1) } });
    expect(keys.check("k2")).toEqual({ kind: "new" });
  });

  it("evicts the oldest keys past its byte budget into the filter: they answer perhaps, never new", () => {
    const oneKey = heldKeyBytes("k-0999", results(999));
    const keys = new ClientKeys({ windowMs: 60_000, maxBytes: oneKey * 10, maxFilters: 1 });
    for (let i = 0; i < 1_000; i++) keys.add(`k-${String(i).padStart(4, "0")}`, key(i));
    expect(keys.keyCount).toBe(10);
    expect(keys.check("k-0999").kind).toBe("committed");
    for (let i = 0; i < 990; i++) expect(keys.check(`k-${String(i).padStart(4, "0")}`).kind).toBe("perhaps");
    // The first filter took the first 4,096 evicted keys: k-0000 was committed at offset 0.
    expect(keys.check("k-0000")).toMatchObject({ ranges: [{ fromOffset: 0n, toOffset: 989n }] });
    expect(keys.bytes).toBeGreaterThan(oneKey * 10);
  });

  it("forgets keys older than the window, and takes none that are", () => {
    const keys = new ClientKeys({ windowMs: 1_000, maxBytes: 1 << 20, maxFilters: 1 });
    keys.add("old", key(1, 0), 500);
    keys.add("new", key(2, 5_000), 5_000);
    keys.add("expired-already", key(3, 0), 5_000);
    expect(keys.evictExpired(5_500)).toBe(1);
    expect(keys.check("old").kind).toBe("new");
    expect(keys.check("expired-already").kind).toBe("new");
    expect(keys.check("new").kind).toBe("committed");
    expect(keys.keyCount).toBe(1);
  });
});
