import { describe, expect, it } from "vitest";
import { formatLedgerLine, parseLedgerLine } from "./ledger-entry.ts";
import { LedgerIndex } from "./ledger-index.ts";

describe("ledger lines", () => {
  it("round-trips an entry and accepts a numeric offset", () => {
    const entry = {
      messageId: "m1",
      clientId: "c1",
      topic: "t",
      outcome: "acknowledged" as const,
      partition: 2,
      offset: "12345678901234",
      sequence: 7,
    };
    expect(parseLedgerLine(formatLedgerLine(entry), "x:1")).toEqual(entry);
    expect(
      parseLedgerLine('{"messageId":"m","clientId":"c","topic":"t","outcome":"failed","offset":5}', "x:1"),
    ).toMatchObject({
      offset: "5",
    });
  });

  it.each([
    ["not json", "is not JSON"],
    ['{"clientId":"c","topic":"t","outcome":"failed"}', "has no messageId"],
    ['{"messageId":"m","clientId":"c","topic":"t","outcome":"maybe"}', "has no outcome"],
    ['{"messageId":"m","clientId":"c","topic":"t","outcome":"failed","partition":-1}', "has a bad partition"],
    ['{"messageId":"m","clientId":"c","topic":"t","outcome":"failed","offset":"1e3"}', "has a bad offset"],
  ])("refuses %s, naming the line", (line, message) => {
    expect(() => parseLedgerLine(line, "ledger.jsonl:3")).toThrow(`ledger ledger.jsonl:3 ${message}`);
  });
});

describe("LedgerIndex", () => {
  it("takes an id's last word in several lines, an acknowledgement being final, and keeps where it landed", () => {
    const index = new LedgerIndex();
    const base = { clientId: "c", topic: "t" };
    index.add({ ...base, messageId: "a", outcome: "failed" });
    index.add({ ...base, messageId: "a", outcome: "acknowledged", partition: 1, offset: "9" });
    index.add({ ...base, messageId: "b", outcome: "failed" });
    index.add({ ...base, messageId: "b", outcome: "unknown" });
    index.add({ ...base, messageId: "c", outcome: "acknowledged", partition: 0, offset: "1" });
    index.add({ ...base, messageId: "c", outcome: "failed", partition: 3 });
    index.add({ ...base, messageId: "d", outcome: "unknown" });
    index.add({ ...base, messageId: "d", outcome: "failed" });
    const slot = (id: string) => index.slotOf(id) ?? -1;
    expect(index.size).toBe(4);
    expect(index.outcomeOf(slot("d"))).toBe("failed");
    expect([index.outcomeOf(slot("a")), index.partitionOf(slot("a")), index.offsetOf(slot("a"))]).toEqual([
      "acknowledged",
      1,
      9,
    ]);
    expect(index.outcomeOf(slot("b"))).toBe("unknown");
    expect([index.outcomeOf(slot("c")), index.partitionOf(slot("c"))]).toEqual(["acknowledged", 0]);
  });

  it("counts deliveries, remembers the first, and knows sequences per client and partition", () => {
    const index = new LedgerIndex();
    for (let i = 0; i < 3000; i += 1) {
      index.add({
        messageId: `m${i}`,
        clientId: "c",
        topic: "t",
        outcome: "acknowledged",
        partition: 0,
        sequence: i,
      });
    }
    const slot = index.slotOf("m2500") ?? -1;
    expect(index.markSeen(slot, 0, 40)).toBe(0);
    expect(index.markSeen(slot, 1, 41)).toBe(1);
    expect(index.seenCount(slot)).toBe(2);
    expect(index.firstSeen(slot)).toEqual({ partition: 0, offset: 40 });
    expect(index.knowsSequence("c", "t", 0, 2999)).toBe(true);
    expect(index.knowsSequence("c", "t", 0, 3000)).toBe(false);
    expect(index.knowsSequence("c", "t", 1, 5)).toBe(false);
  });

  it("forgets what an earlier audit read, keeping what the ledger says", () => {
    const index = new LedgerIndex();
    index.add({
      clientId: "c",
      topic: "t",
      messageId: "a",
      outcome: "acknowledged",
      partition: 0,
      offset: "4",
    });
    const slot = index.slotOf("a") ?? -1;
    index.markSeen(slot, 0, 4);
    index.markAborted(slot);
    index.forgetReads();
    expect(index.seenCount(slot)).toBe(0);
    expect(index.wasAborted(slot)).toBe(false);
    expect(index.markSeen(slot, 0, 4)).toBe(0);
    expect(index.firstSeen(slot)).toEqual({ partition: 0, offset: 4 });
    expect(index.outcomeOf(slot)).toBe("acknowledged");
  });
});
