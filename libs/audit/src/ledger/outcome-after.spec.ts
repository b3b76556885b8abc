import { describe, expect, it } from "vitest";
import type { Outcome } from "./ledger-entry.ts";
import { LedgerIndex } from "./ledger-index.ts";
import { outcomeAfter } from "./outcome-after.ts";

const fold = (lines: readonly Outcome[]) => lines.reduce<Outcome | undefined>(outcomeAfter, undefined);

describe("outcomeAfter: a write's outcome from its ledger lines, in the order written", () => {
  it.each<[string, Outcome[], Outcome | undefined]>([
    ["no line", [], undefined],
    ["one line", ["failed"], "failed"],
    // A client process's intent, then what it learnt.
    ["unknown, then failed", ["unknown", "failed"], "failed"],
    ["unknown, then acknowledged", ["unknown", "acknowledged"], "acknowledged"],
    // Killed before it learnt anything; the resumed process sends it again and learns.
    ["unknown, unknown (resumed), then acknowledged", ["unknown", "unknown", "acknowledged"], "acknowledged"],
    ["unknown, unknown (resumed), then failed", ["unknown", "unknown", "failed"], "failed"],
    // Sent again after a definite failure, and that answer lost: it may be visible, once.
    ["failed, then unknown (sent again after a resume)", ["unknown", "failed", "unknown"], "unknown"],
    ["failed, then acknowledged", ["failed", "acknowledged"], "acknowledged"],
    // Nothing undoes a commit.
    ["acknowledged, then unknown", ["unknown", "acknowledged", "unknown"], "acknowledged"],
    ["acknowledged, then failed", ["acknowledged", "failed"], "acknowledged"],
  ])("%s", (_, lines, expected) => {
    expect(fold(lines)).toBe(expected);
  });

  it("is the rule the audit's ledger index applies", () => {
    const index = new LedgerIndex();
    const orders: Outcome[][] = [
      ["unknown", "failed"],
      ["unknown", "acknowledged"],
      ["unknown", "failed", "unknown"],
      ["acknowledged", "failed"],
    ];
    orders.forEach((lines, id) => {
      for (const outcome of lines) {
        index.add({ messageId: `m${id}`, clientId: "c", topic: "t", outcome });
      }
    });
    expect(orders.map((_, id) => index.outcomeOf(index.slotOf(`m${id}`) ?? -1))).toEqual(orders.map(fold));
  });
});
