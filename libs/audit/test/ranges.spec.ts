import { describe, expect, it } from "vitest";
import { deleteRecordsBefore } from "./support/delete-records.ts";
import {
  acknowledged,
  audit,
  brokers,
  found,
  newTopic,
  record,
  writeCommitted,
  writeLedger,
} from "./support/plant.ts";

describe("audited ranges", () => {
  it("reads only the offsets or the time asked for, and judges only what lies in them", async () => {
    const topic = await newTopic("audit-range");
    // One transaction (offsets 0-5, its commit marker at 6, so the LSO is 7); the record
    // timestamps, set by hand, put a moment between the first three and the last three.
    const middle = Date.now();
    const at = (id: string, timestamp: number) => ({ ...record(id), timestamp });
    const offsets = await writeCommitted(topic, [
      ...["a", "b", "c"].map((id) => at(id, middle - 50)),
      ...["d", "a", "e"].map((id) => at(id, middle + 50)),
    ]);
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5]);
    // "a" is at 0 and 4; "ghost" claims offset 1 (lost if offset 1 is audited).
    const ledger = await writeLedger([acknowledged(topic, "ghost", 0, 1)]);
    const whole = await audit([topic], { ledger });
    expect(found(whole)).toEqual({ duplicates: { duplicate: 1 }, lostWrites: { lost: 1 } });

    const fromTwo = await audit([topic], { ledger, from: { offset: 2 } });
    expect(found(fromTwo)).toEqual({});
    expect(fromTwo.records.committed).toBe(4);
    expect(fromTwo.ledger?.acknowledgedOutOfRange).toBe(1);
    expect(fromTwo.topics[0]?.partitions[0]).toMatchObject({ start: "2", end: "7", recordsRead: 4 });

    const toFour = await audit([topic], { to: { offset: 4 } });
    expect(found(toFour)).toEqual({});
    expect(toFour.records.committed).toBe(4);

    const since = await audit([topic], { from: { timestamp: middle } });
    expect(since.topics[0]?.partitions[0]).toMatchObject({ start: "3", recordsRead: 3 });
    expect(found(since)).toEqual({});
    expect(since.notes.join(" ")).toContain("a range was audited");
  });

  it("starts at the log start: records deleted by retention are out of range, not lost", async () => {
    const topic = await newTopic("audit-range-deleted");
    // Offsets 0-3, the commit marker at 4.
    await writeCommitted(
      topic,
      ["a", "b", "c", "d"].map((id) => record(id)),
    );
    await deleteRecordsBefore(brokers, topic, 0, 2);
    const ledger = await writeLedger(
      ["a", "b", "c", "d"].map((id, offset) => acknowledged(topic, id, 0, offset)),
    );
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({});
    expect(report.topics[0]?.partitions[0]).toMatchObject({ start: "2", end: "5", recordsRead: 2 });
    expect(report.ledger).toMatchObject({ acknowledged: 4, acknowledgedRead: 2, acknowledgedOutOfRange: 2 });
  });
});
