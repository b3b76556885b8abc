import { LedgerIndex } from "@onceport/audit";
import { describe, expect, it } from "vitest";
import { ledgerEntries } from "./ledger-entries.ts";
import { type ClientPlan, plannedPublish, publishOfMessageId } from "./plan.ts";
import { resumePoint } from "./resume.ts";

const plan: ClientPlan = {
  clientId: "c1",
  kind: "stream",
  topic: "t",
  partitions: 3,
  records: 25,
  recordsPerPublish: 4,
  valueBytes: 20,
};

const results = (number: number) =>
  plannedPublish(plan, number).records.map((record, index) => ({
    topic: "t",
    partition: record.partition,
    offset: String(number * 10 + index),
    messageId: record.messageId,
  }));

describe("the load plan", () => {
  it("numbers records per partition and maps message ids back to their publish", () => {
    const publish = plannedPublish(plan, 1);
    expect(publish.idempotencyKey).toBe("c1/k1");
    expect(publish.records.map((r) => [r.messageId, r.partition, r.sequence])).toEqual([
      ["c1/p1/1", 1, 1],
      ["c1/p2/1", 2, 1],
      ["c1/p0/2", 0, 2],
      ["c1/p1/2", 1, 2],
    ]);
    expect(publish.records[0]?.value).toBe("c1/p1/1.............");
    expect(plannedPublish(plan, 6).records).toHaveLength(1); // 25 records: the last publish has one
    expect(() => plannedPublish(plan, 7)).toThrow(RangeError);
    for (let number = 0; number < 7; number++) {
      for (const record of plannedPublish(plan, number).records) {
        expect(publishOfMessageId(plan, record.messageId)).toBe(number);
      }
    }
    expect(publishOfMessageId(plan, "c2/p0/0")).toBeUndefined();
  });
});

describe("resumePoint", () => {
  it("redoes the publishes whose outcome a dead process never learnt, then goes on after the last one sent", () => {
    const entries = [
      ...ledgerEntries(plan, plannedPublish(plan, 0), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 0), "acknowledged", results(0)),
      ...ledgerEntries(plan, plannedPublish(plan, 1), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 2), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 2), "failed"),
      ...ledgerEntries(plan, plannedPublish(plan, 3), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 3), "acknowledged", results(3)),
      ...ledgerEntries(plan, plannedPublish(plan, 4), "unknown"),
    ];
    expect(resumePoint(plan, entries)).toEqual({ redo: [1, 4], from: 5 });
    expect(resumePoint(plan, [])).toEqual({ redo: [], from: 0 });
  });

  it("redoes exactly the publishes whose records the audit judges unknown: one rule for the last word", () => {
    const entries = [
      // Sent, then learnt: failed (an intent followed by a definite failure is failed for both).
      ...ledgerEntries(plan, plannedPublish(plan, 0), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 0), "failed"),
      // Sent, killed, sent again by the resumed process, acknowledged.
      ...ledgerEntries(plan, plannedPublish(plan, 1), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 1), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 1), "acknowledged", results(1)),
      // Failed, then sent again and its answer lost: unknown.
      ...ledgerEntries(plan, plannedPublish(plan, 2), "unknown"),
      ...ledgerEntries(plan, plannedPublish(plan, 2), "failed"),
      ...ledgerEntries(plan, plannedPublish(plan, 2), "unknown"),
      // Acknowledged, then a stale intent: still acknowledged.
      ...ledgerEntries(plan, plannedPublish(plan, 3), "acknowledged", results(3)),
      ...ledgerEntries(plan, plannedPublish(plan, 3), "unknown"),
    ];
    const index = new LedgerIndex();
    for (const entry of entries) index.add(entry);
    const judged = (number: number) =>
      plannedPublish(plan, number).records.map((record) =>
        index.outcomeOf(index.slotOf(record.messageId) ?? -1),
      );
    expect([0, 1, 2, 3].map((number) => [...new Set(judged(number))])).toEqual([
      ["failed"],
      ["acknowledged"],
      ["unknown"],
      ["acknowledged"],
    ]);
    expect(resumePoint(plan, entries)).toEqual({ redo: [2], from: 4 });
  });

  it("refuses an answer that put a record elsewhere than asked", () => {
    const wrong = results(0).map((result, index) => (index === 0 ? { ...result, partition: 2 } : result));
    expect(() => ledgerEntries(plan, plannedPublish(plan, 0), "acknowledged", wrong)).toThrow(
      /landed in t\/2/,
    );
  });
});
