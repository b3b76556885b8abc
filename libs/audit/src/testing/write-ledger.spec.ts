import { describe, expect, it } from "vitest";
import { publishWrites, WriteLedger } from "./write-ledger.ts";

describe("WriteLedger", () => {
  it("numbers acknowledged records per client and partition in the order added, each id once", () => {
    const at = (partition: number, offset: bigint | string, messageId: string) => ({
      topic: "t",
      partition,
      offset,
      messageId,
    });
    const index = new WriteLedger()
      .acknowledged("a", [at(0, 5n, "a0"), at(1, "7", "a1"), at(0, 6n, "a2")])
      .acknowledged("a", [at(0, 5n, "a0")]) // a duplicate's answer repeats the first results
      .acknowledged("b", [at(0, 8n, "b0")])
      .indexFor(["t"]);
    expect(index.size).toBe(4);
    const facts = (id: string) => {
      const slot = index.slotOf(id) ?? -1;
      return [index.outcomeOf(slot), index.partitionOf(slot), index.offsetOf(slot), index.sequenceOf(slot)];
    };
    expect(["a0", "a1", "a2", "b0"].map(facts)).toEqual([
      ["acknowledged", 0, 5, 0],
      ["acknowledged", 1, 7, 0],
      ["acknowledged", 0, 6, 1],
      ["acknowledged", 0, 8, 0],
    ]);
  });

  it("gives failed and unknown writes no offset, and refuses to leave a topic unaudited", () => {
    const ledger = new WriteLedger()
      .failed("a", [{ topic: "t", messageId: "f", partition: 1 }])
      .unknown("a", [{ topic: "u", messageId: "u" }]);
    expect(() => ledger.indexFor(["t"])).toThrow(/writes to u, which the audit does not read/);
    const index = ledger.indexFor(["t", "u"]);
    expect(index.outcomeOf(index.slotOf("f") ?? -1)).toBe("failed");
    expect(index.offsetOf(index.slotOf("f") ?? -1)).toBeNaN();
    expect(index.outcomeOf(index.slotOf("u") ?? -1)).toBe("unknown");
  });

  it("names a publish's writes as the gateway does: the record's own id, else <key>/<index>", () => {
    expect(
      publishWrites("k", [
        { topic: "t", messageId: "" }, // an API record without an id of its own
        { topic: "t", messageId: "mine", partition: 2 },
        { topic: "t" },
      ]),
    ).toEqual([
      { topic: "t", messageId: "k/0", partition: undefined },
      { topic: "t", messageId: "mine", partition: 2 },
      { topic: "t", messageId: "k/2", partition: undefined },
    ]);
  });
});
