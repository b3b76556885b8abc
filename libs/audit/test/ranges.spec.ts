import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  acknowledged,
  audit,
  found,
  kafka,
  newTopic,
  plainProducer,
  record,
  sendPlain,
  writeLedger,
} from "./support/plant.ts";

describe("audited ranges", () => {
  it("reads only the offsets or the time asked for, and judges only what lies in them", async () => {
    const topic = await newTopic("audit-range");
    const producer = await plainProducer();
    let early: number[];
    let late: number[];
    let middle: number;
    try {
      early = await sendPlain(
        producer,
        topic,
        ["a", "b", "c"].map((id) => record(id)),
      );
      await sleep(50);
      middle = Date.now();
      await sleep(50);
      late = await sendPlain(
        producer,
        topic,
        ["d", "a", "e"].map((id) => record(id)),
      );
    } finally {
      await producer.disconnect();
    }
    expect([...early, ...late]).toEqual([0, 1, 2, 3, 4, 5]);
    // "a" is at 0 and 4; "ghost" claims offset 1 (lost if offset 1 is audited).
    const ledger = await writeLedger([acknowledged(topic, "ghost", 0, 1)]);
    const whole = await audit([topic], { ledger });
    expect(found(whole)).toEqual({ duplicates: { duplicate: 1 }, lostWrites: { lost: 1 } });

    const fromTwo = await audit([topic], { ledger, from: { offset: 2 } });
    expect(found(fromTwo)).toEqual({});
    expect(fromTwo.records.committed).toBe(4);
    expect(fromTwo.ledger?.acknowledgedOutOfRange).toBe(1);
    expect(fromTwo.topics[0]?.partitions[0]).toMatchObject({ start: "2", end: "6", recordsRead: 4 });

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
    const producer = await plainProducer();
    try {
      await sendPlain(
        producer,
        topic,
        ["a", "b", "c", "d"].map((id) => record(id)),
      );
    } finally {
      await producer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs's deleteTopicRecords needs the topic's metadata loaded first.
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "2" }] });
    } finally {
      await admin.disconnect();
    }
    const ledger = await writeLedger(
      ["a", "b", "c", "d"].map((id, offset) => acknowledged(topic, id, 0, offset)),
    );
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({});
    expect(report.topics[0]?.partitions[0]).toMatchObject({ start: "2", end: "4", recordsRead: 2 });
    expect(report.ledger).toMatchObject({ acknowledged: 4, acknowledgedRead: 2, acknowledgedOutOfRange: 2 });
  });
});
