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

  it("refuses an answer that put a record elsewhere than asked", () => {
    const wrong = results(0).map((result, index) => (index === 0 ? { ...result, partition: 2 } : result));
    expect(() => ledgerEntries(plan, plannedPublish(plan, 0), "acknowledged", wrong)).toThrow(
      /landed in t\/2/,
    );
  });
});
