import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { RecordSchema } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { interactiveTransactionFingerprint, publishFingerprint } from "./request-fingerprint.ts";

const record = (init: MessageInitShape<typeof RecordSchema>) => create(RecordSchema, init);
const hex = (records: MessageInitShape<typeof RecordSchema>[]) =>
  Buffer.from(publishFingerprint(records.map(record))).toString("hex");

describe("publishFingerprint", () => {
  const base = {
    topic: "orders",
    partition: 2,
    key: Buffer.from("k"),
    value: Buffer.from("v"),
    headers: [{ key: "h", value: Buffer.from("1") }],
    messageId: "m",
  };

  it("is the same for the same records, 16 bytes", () => {
    expect(publishFingerprint([record(base)])).toHaveLength(16);
    expect(hex([base, base])).toBe(hex([{ ...base }, { ...base }]));
  });

  it("changes with every field, with the records' order and count", () => {
    const variants = [
      { ...base, topic: "orders2" },
      { ...base, partition: 3 },
      { ...base, partition: undefined },
      { ...base, key: Buffer.from("k2") },
      { ...base, key: undefined },
      { ...base, key: Buffer.alloc(0) },
      { ...base, value: Buffer.from("v2") },
      { ...base, headers: [] },
      { ...base, headers: [{ key: "h", value: Buffer.from("2") }] },
      {
        ...base,
        headers: [
          { key: "h", value: Buffer.from("1") },
          { key: "h", value: Buffer.from("1") },
        ],
      },
      { ...base, messageId: "m2" },
    ];
    const seen = new Set([hex([base])]);
    for (const variant of variants) seen.add(hex([variant]));
    seen.add(hex([base, base]));
    seen.add(hex([base, { ...base, value: Buffer.from("x") }]));
    seen.add(hex([{ ...base, value: Buffer.from("x") }, base]));
    expect(seen.size).toBe(variants.length + 4);
  });

  it("keeps field boundaries: moving bytes from one field to the next changes it", () => {
    expect(hex([{ ...base, topic: "ab", messageId: "c" }])).not.toBe(
      hex([{ ...base, topic: "a", messageId: "bc" }]),
    );
    expect(hex([{ ...base, key: Buffer.from("ab"), value: Buffer.from("c") }])).not.toBe(
      hex([{ ...base, key: Buffer.from("a"), value: Buffer.from("bc") }]),
    );
  });

  it("takes text beyond ASCII, and is never an interactive transaction's", () => {
    expect(hex([{ ...base, topic: "ordres-é", messageId: "🙂".repeat(100) }])).toHaveLength(32);
    expect(hex([])).not.toBe(Buffer.from(interactiveTransactionFingerprint).toString("hex"));
  });
});
