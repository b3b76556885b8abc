import { describe, expect, it } from "vitest";
import {
  acknowledged,
  audit,
  found,
  newTopic,
  record,
  sendInTransaction,
  txProducer,
  writeLedger,
} from "./support/plant.ts";

describe("lost acknowledged writes", () => {
  it("tells lost (the reader passed its offset) from unseen (beyond what read_committed could read)", async () => {
    const topic = await newTopic("audit-lost");
    const producer = await txProducer();
    let offsets: number[];
    try {
      offsets = await sendInTransaction(producer, topic, [record("w0"), record("w1"), record("w2")]);
    } finally {
      await producer.close();
    }
    const ledger = await writeLedger([
      acknowledged(topic, "w0", 0, offsets[0] ?? 0, 0),
      // Claimed acknowledged at offset 1, where w1 is: never written.
      acknowledged(topic, "ghost", 0, offsets[1] ?? 1, 3),
      acknowledged(topic, "w1", 0, offsets[1] ?? 1, 1),
      acknowledged(topic, "w2", 0, offsets[2] ?? 2, 2),
      // Claimed at an offset beyond the partition's LSO: unseen, not (yet) provably lost.
      acknowledged(topic, "beyond", 0, 1000, 4),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ lostWrites: { lost: 1, unseen: 1 } });
    const examples = report.checks.lostWrites.examples;
    expect(examples.find((e) => e.kind === "lost")).toMatchObject({
      messageId: "ghost",
      partition: 0,
      offsets: ["1"],
    });
    expect(examples.find((e) => e.kind === "unseen")).toMatchObject({
      messageId: "beyond",
      offsets: ["1000"],
    });
  });

  it("says when an acknowledged write's record is in an aborted transaction", async () => {
    const topic = await newTopic("audit-lost-aborted");
    const producer = await txProducer();
    let aborted: number[];
    try {
      aborted = await sendInTransaction(producer, topic, [record("acked-but-aborted")], "abort");
      await sendInTransaction(producer, topic, [record("later")]);
    } finally {
      await producer.close();
    }
    const ledger = await writeLedger([
      acknowledged(topic, "acked-but-aborted", 0, aborted[0] ?? 0),
      acknowledged(topic, "later", 0, 2),
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ lostWrites: { lost: 1 } });
    expect(report.checks.lostWrites.examples[0]?.detail).toContain("aborted transaction");
  });

  it("judges an acknowledged write without offset by its sequence: lost when a later one of the client was read", async () => {
    const topic = await newTopic("audit-lost-seq");
    const producer = await txProducer();
    try {
      await sendInTransaction(producer, topic, [record("s0"), record("s2")]);
    } finally {
      await producer.close();
    }
    const base = { clientId: "client-1", topic, outcome: "acknowledged" as const, partition: 0 };
    const ledger = await writeLedger([
      { ...base, messageId: "s0", sequence: 0 },
      { ...base, messageId: "s1", sequence: 1 },
      { ...base, messageId: "s2", sequence: 2 },
      { ...base, messageId: "s3", sequence: 3 },
    ]);
    const report = await audit([topic], { ledger });
    expect(found(report)).toEqual({ lostWrites: { lost: 1, unseen: 1 } });
    const byKind = Object.fromEntries(report.checks.lostWrites.examples.map((e) => [e.kind, e.messageId]));
    expect(byKind).toEqual({ lost: "s1", unseen: "s3" });
  });
});
