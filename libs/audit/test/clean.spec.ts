import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../src/ledger/ledger-entry.ts";
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

describe("a clean run", () => {
  it("passes: committed writes read once, in order; failed writes only in aborted transactions; unknowns at most once", async () => {
    const topic = await newTopic("audit-clean", 2);
    const producer = await txProducer();
    const ledger: LedgerEntry[] = [];
    try {
      for (const partition of [0, 1]) {
        const ids = [0, 1, 2, 3].map((seq) => `c1-p${partition}-${seq}`);
        const offsets = await sendInTransaction(
          producer,
          topic,
          ids.map((id) => record(id, partition, "c1")),
        );
        for (const [seq, id] of ids.entries()) {
          ledger.push(acknowledged(topic, id, partition, offsets[seq] ?? -1, seq, "c1"));
        }
      }
      // A publish that failed: its transaction aborted, as the ledger says.
      await sendInTransaction(producer, topic, [record("c1-failed", 0, "c1")], "abort");
      ledger.push({ messageId: "c1-failed", clientId: "c1", topic, outcome: "failed", partition: 0 });
      // Outcomes the writer never learnt: one landed, one did not; both fine.
      await sendInTransaction(producer, topic, [record("c1-unknown-landed", 1, "c1")]);
      ledger.push({ messageId: "c1-unknown-landed", clientId: "c1", topic, outcome: "unknown" });
      ledger.push({ messageId: "c1-unknown-lost", clientId: "c1", topic, outcome: "unknown" });
    } finally {
      await producer.close();
    }
    const report = await audit([topic], { ledger: await writeLedger(ledger) });
    expect(found(report)).toEqual({});
    expect(report.verdict).toBe("PASS");
    expect(report.records).toMatchObject({ committed: 9, uncommitted: 10, aborted: 1, withoutId: 0 });
    expect(report.ledger).toMatchObject({
      entries: 11,
      acknowledged: 8,
      acknowledgedRead: 8,
      failed: 1,
      failedFoundAborted: 1,
      unknown: 2,
      unknownReadOnce: 1,
      unknownNeverRead: 1,
    });
    expect(report.checks.consumeTransformProduce.status).toBe("skipped");
  });
});
